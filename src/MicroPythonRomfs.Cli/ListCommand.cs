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
                var kind = entry.Kind == RomfsEntryKind.Directory ? 'd' : 'f';
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{kind} {entry.Length} {entry.Path}"));
            }

            return Task.FromResult(CliContext.Success);
        }));
        return command;
    }
}
