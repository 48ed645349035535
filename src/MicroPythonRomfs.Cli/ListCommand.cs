using System.CommandLine;
using System.Globalization;
using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.Cli;

/// <summary><c>mpromfs ls &lt;image&gt;</c>: one entry per line, <c>&lt;kind&gt; &lt;size&gt; &lt;path&gt;</c>, kind <c>d</c> or <c>f</c>.</summary>
internal static class ListCommand
{
    public static Command Create(CliContext context)
    {
        var image = new Argument<string>("image") { Description = "The image file." };
        var command = new Command("ls", "List the entries of a ROMFS image: <kind> <size> <path> per line.") { image };
        command.SetAction((result, cancellationToken) => context.GuardAsync(() =>
        {
            var info = RomfsFile.ReadInfo(result.GetValue(image)!);
            foreach (var entry in info.Entries)
            {
                context.Output.WriteLine(FormatEntry(entry));
            }

            return Task.FromResult(CliContext.Success);
        }));
        return command;
    }

    /// <summary>One entry as <c>ls</c> prints it: <c>&lt;kind&gt; &lt;size&gt; &lt;path&gt;</c>.</summary>
    public static string FormatEntry(RomfsEntry entry) =>
        string.Create(CultureInfo.InvariantCulture, $"{(entry.Kind == RomfsEntryKind.Directory ? 'd' : 'f')} {entry.Length} {entry.Path}");
}
