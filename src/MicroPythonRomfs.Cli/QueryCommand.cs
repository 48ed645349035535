using System.CommandLine;
using System.Globalization;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Partitions;
using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.Cli;

/// <summary>
/// <c>mpromfs query --port P [-p N]... [--contents]</c>: one line per partition
/// (<c>partition 0: 262144 bytes, 64 blocks of 4096; image 2088 bytes sha256 …; mounted at /rom</c>), and with
/// --contents the image's entries below it as <c>mpromfs ls</c> prints them, indented.
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

    private static string Describe(RomPartitionInfo info)
    {
        var text = string.Format(CultureInfo.InvariantCulture, "partition {0}: {1} bytes, {2} blocks of {3}; ", info.Partition, info.Size, info.BlockCount, info.BlockSize);
        text += info.HasValidImage
            ? string.Format(CultureInfo.InvariantCulture, "image {0} bytes{1}", info.ImageSize, info.ImageHash == null ? string.Empty : " sha256 " + info.ImageHash)
            : "no valid image";
        return text + (info.MountPoint == null ? string.Empty : "; mounted at " + info.MountPoint);
    }
}
