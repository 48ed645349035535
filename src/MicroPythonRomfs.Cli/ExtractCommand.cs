using System.CommandLine;
using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.Cli;

/// <summary><c>mpromfs extract &lt;image&gt; &lt;dir&gt; [--force]</c></summary>
internal static class ExtractCommand
{
    public static Command Create(CliContext context)
    {
        var image = new Argument<string>("image") { Description = "The image file." };
        var directory = new Argument<string>("dir") { Description = "The folder to extract into (created when missing)." };
        var force = new Option<bool>("--force", "-f") { Description = "Overwrite existing files." };
        var command = new Command("extract", "Extract a ROMFS image into a folder.") { image, directory, force };
        command.SetAction((result, cancellationToken) => context.GuardAsync(() =>
        {
            var written = RomfsFile.ExtractToDirectory(result.GetValue(image)!, result.GetValue(directory)!, result.GetValue(force), context);
            context.Output.WriteLine($"Extracted {written.Count} files to {Path.GetFullPath(result.GetValue(directory)!)}");
            return Task.FromResult(CliContext.Success);
        }));
        return command;
    }
}
