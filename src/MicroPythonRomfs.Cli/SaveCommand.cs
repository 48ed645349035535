using System.CommandLine;
using System.Globalization;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Partitions;

namespace MicroPythonRomfs.Cli;

/// <summary>
/// <c>mpromfs save --port P [-p N] -o FILE [--whole] [--force]</c>: reads the image on a partition (or the whole
/// partition) back to a file, written whole or not at all.
/// </summary>
internal static class SaveCommand
{
    public static Command Create(CliContext context, DeviceOptions device)
    {
        var partition = new Option<int>("--partition", "-p") { Description = "The partition to read (default 0)." };
        var output = new Option<string>("--output", "-o") { Description = "The file to write.", Required = true };
        var whole = new Option<bool>("--whole") { Description = "Save every byte of the partition, not just its image." };
        var force = new Option<bool>("--force", "-f") { Description = "Replace an existing file." };
        var command = new Command("save", "Read a partition's image (or the whole partition) back to a file.") { partition, output, whole, force };
        command.SetAction((result, cancellationToken) => context.GuardAsync(async () =>
        {
            using var board = await device.ConnectAsync(result, context, new DeviceConnectionOptions(), cancellationToken).ConfigureAwait(false);
            if (board == null)
            {
                return CliContext.UsageError;
            }

            var file = await BoardPartitions.SaveAsync(board, result.GetValue(partition), result.GetValue(output)!, result.GetValue(whole), result.GetValue(force), context, cancellationToken).ConfigureAwait(false);
            context.Output.WriteLine(string.Format(CultureInfo.InvariantCulture, "saved {0} bytes to {1}", file.Length, file.FullName));
            return CliContext.Success;
        }));
        return command;
    }
}
