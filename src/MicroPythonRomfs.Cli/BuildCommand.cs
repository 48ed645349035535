using System.CommandLine;
using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.Cli;

/// <summary><c>mpromfs build &lt;dir&gt; [-o FILE] [--no-mpy] [--align N] [--exclude PATTERN]... [--force]</c></summary>
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
        var command = new Command("build", "Build a ROMFS image from a folder.") { directory, output, noMpy, align, exclude, force };
        command.SetAction((result, cancellationToken) => context.GuardAsync(async () =>
        {
            var options = new RomfsBuildOptions
            {
                CompileMpy = !result.GetValue(noMpy),
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
}
