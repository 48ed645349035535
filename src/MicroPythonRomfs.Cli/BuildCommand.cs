using System.CommandLine;
using MicroPythonRomfs.Mpy;
using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.Cli;

/// <summary><c>mpromfs build &lt;dir&gt; [-o FILE] [--no-mpy] [--compiler auto|managed|mpy-cross] [--mpy-cross PATH] [--march ARCH] [--align N] [--exclude PATTERN]... [--force]</c></summary>
internal static class BuildCommand
{
    public static Command Create(CliContext context)
    {
        var directory = new Argument<string>("dir") { Description = "The folder whose contents become the image." };
        var output = new Option<string?>("--output", "-o") { Description = "The image file (default: <dir>.romfs beside the folder)." };
        var noMpy = new Option<bool>("--no-mpy") { Description = "Store .py files as they are instead of compiling them to .mpy." };
        var align = new Option<int>("--align") { Description = "Align every file's data to N bytes (a power of two).", DefaultValueFactory = _ => 1 };
        var exclude = new Option<string[]>("--exclude") { Description = "Leave out entries matching a pattern (repeatable).", AllowMultipleArgumentsPerToken = false };
        var force = new Option<bool>("--force", "-f") { Description = "Overwrite an existing image file." };
        var mpyCross = new Option<string?>("--mpy-cross") { Description = "The mpy-cross executable (default: $MPY_CROSS, else mpy-cross on PATH)." };
        var compilerKind = new Option<string?>("--compiler") { Description = "auto (default: the built-in compiler, with mpy-cross for native code when found), managed, or mpy-cross. --mpy-cross alone means mpy-cross." };
        compilerKind.AcceptOnlyFromAmong("auto", "managed", "mpy-cross");
        var march = new Option<string?>("--march") { Description = "The native architecture to compile for, as mpy-cross -march names it (needed for @micropython.native/viper)." };
        march.AcceptOnlyFromAmong(MpyArchitectureNames.MarchNames.ToArray());
        var command = new Command("build", "Build a ROMFS image from a folder.") { directory, output, noMpy, compilerKind, mpyCross, march, align, exclude, force };
        command.SetAction((result, cancellationToken) => context.GuardAsync(async () =>
        {
            var compile = !result.GetValue(noMpy);
            var architecture = result.GetValue(march) is string name ? MpyArchitectureNames.Parse(name) : MpyArchitecture.None;
            var compiler = compile
                ? await MpyCompilerSelection.ResolveAsync(ParseKind(result.GetValue(compilerKind)), result.GetValue(mpyCross), new MpyCrossOptions { Architecture = architecture }, context, cancellationToken).ConfigureAwait(false)
                : null;
            var options = new RomfsBuildOptions
            {
                CompileMpy = compile,
                Compiler = compiler,
                Alignment = result.GetValue(align),
                Exclude = result.GetValue(exclude) ?? Array.Empty<string>(),
                Reporter = context,
            };
            var info = await RomfsFile.CreateFromDirectoryAsync(result.GetValue(directory)!, result.GetValue(output), options, result.GetValue(force), cancellationToken).ConfigureAwait(false);
            context.Output.WriteLine($"{info!.Path}: {info.Length} bytes, {info.FileCount} files, {info.DirectoryCount} directories, sha256 {info.ImageHash}");
            return CliContext.Success;
        }));
        return command;
    }

    private static MpyCompilerKind? ParseKind(string? name) => name switch
    {
        "auto" => MpyCompilerKind.Auto,
        "managed" => MpyCompilerKind.Managed,
        "mpy-cross" => MpyCompilerKind.MpyCross,
        _ => null,
    };
}
