using System.CommandLine;
using System.Globalization;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Fleet;
using MicroPythonRomfs.Partitions;
using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.Cli;

/// <summary>
/// <c>mpromfs query --port P [-p N]... [--contents]</c>: one line per partition
/// (<c>partition 0: 262144 bytes, 64 blocks of 4096; image 2088 bytes sha256 …; mounted at /rom</c>), and with
/// --contents the image's entries below it as <c>mpromfs ls</c> prints them, indented. With --port given several
/// times (or --all), every board in parallel, each line prefixed by its port, then a summary: an inventory.
/// </summary>
internal static class QueryCommand
{
    public static Command Create(CliContext context, DeviceOptions device)
    {
        var partition = new Option<int[]>("--partition", "-p") { Description = "A partition to describe (repeatable; default: all)." };
        var contents = new Option<bool>("--contents") { Description = "Read each image back and list its entries." };
        var command = new Command("query", "Describe the board's ROM partitions and the images they hold.") { partition, contents };
        command.SetAction((result, cancellationToken) => context.GuardAsync(async () =>
        {
            if (device.IsFleet(result))
            {
                return await QueryFleetAsync(result, context, device, partition, contents, cancellationToken).ConfigureAwait(false);
            }

            using var board = await device.ConnectAsync(result, context, new DeviceConnectionOptions(), cancellationToken).ConfigureAwait(false);
            if (board == null)
            {
                return CliContext.UsageError;
            }

            var asked = result.GetValue(partition);
            var infos = await BoardPartitions.QueryAsync(board, asked is { Length: > 0 } ? asked : null, result.GetValue(contents), context, cancellationToken).ConfigureAwait(false);
            foreach (var info in infos)
            {
                context.Output.WriteLine(Describe(info));
                foreach (var entry in info.Entries)
                {
                    context.Output.WriteLine("  " + ListCommand.FormatEntry(entry));
                }
            }

            return CliContext.Success;
        }));
        return command;
    }

    /// <summary>Many boards queried in parallel: every line prefixed by its board's port, then a summary.</summary>
    private static async Task<int> QueryFleetAsync(ParseResult result, CliContext context, DeviceOptions device, Option<int[]> partition, Option<bool> contents, CancellationToken cancellationToken)
    {
        var ports = device.ResolvePorts(result, context);
        if (ports == null)
        {
            return CliContext.UsageError;
        }

        var console = new FleetConsole(context);
        var boards = console.Connected(await device.ConnectManyAsync(result, ports, new DeviceConnectionOptions(), cancellationToken).ConfigureAwait(false));
        try
        {
            var asked = result.GetValue(partition);
            var inventory = await FleetInventory.QueryAsync(boards, asked is { Length: > 0 } ? asked : null, result.GetValue(contents), device.Fleet(result), context, cancellationToken).ConfigureAwait(false);
            foreach (var outcome in inventory)
            {
                if (outcome.Exception != null)
                {
                    console.Failure(outcome.Port, outcome.Exception);
                    continue;
                }

                foreach (var info in outcome.Value!)
                {
                    console.Line(outcome.Port, Describe(info));
                    foreach (var entry in info.Entries)
                    {
                        console.Line(outcome.Port, "  " + ListCommand.FormatEntry(entry));
                    }
                }

                console.Succeeded(outcome.Port, null);
            }

            return console.Summarize("queried");
        }
        finally
        {
            foreach (var board in boards)
            {
                board.Dispose();
            }
        }
    }

    private static string Describe(RomPartitionInfo info)
    {
        var text = string.Format(CultureInfo.InvariantCulture, "partition {0}: {1} bytes, {2} blocks of {3}; ", info.Partition, info.Size, info.BlockCount, info.BlockSize);
        text += info.HasValidImage
            ? string.Format(CultureInfo.InvariantCulture, "image {0} bytes{1}", info.ImageSize, info.ImageHash == null ? string.Empty : " sha256 " + info.ImageHash)
            : "no valid image";
        return text + (info.MountPoint == null ? string.Empty : "; mounted at " + info.MountPoint);
    }
}
