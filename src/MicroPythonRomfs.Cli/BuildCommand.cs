using System.CommandLine;
using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.Cli;

/// <summary><c>mpromfs build &lt;dir&gt; [-o FILE] [--no-mpy] [--compiler auto|managed|mpy-cross] [--mpy-cross PATH] [--march ARCH] [--align N] [--exclude PATTERN]... [--force]</c></summary>
internal static class BuildCommand
{
    public static Command Create(CliContext context)
    {
        var directory = new Argument<string>("dir") { Description = "The folder whose contents become the image." };
        var output = new Option<string?>("--output", "-o") { Description = "The image file (default: <dir>.romfs beside the folder)." };
        var force = new Option<bool>("--force", "-f") { Description = "Overwrite an existing image file." };
        var build = new BuildOptions();
        var command = new Command("build", "Build a ROMFS image from a folder.") { directory, output };
        build.AddTo(command);
        command.Options.Add(force);
        command.SetAction((result, cancellationToken) => context.GuardAsync(async () =>
        {
            var options = await build.Request(result).ToBuildOptionsAsync(null, context, cancellationToken).ConfigureAwait(false);
            var info = await RomfsFile.CreateFromDirectoryAsync(result.GetValue(directory)!, result.GetValue(output), options, result.GetValue(force), cancellationToken).ConfigureAwait(false);
            context.Output.WriteLine($"{info!.Path}: {info.Length} bytes, {info.FileCount} files, {info.DirectoryCount} directories, sha256 {info.ImageHash}");
            return CliContext.Success;
        }));
        return command;
    }
}
