using System.Management.Automation;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Partitions;
using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Describes the ROM partitions of a connected MicroPython board and the images they hold.</para>
/// <para type="description">
/// One object per partition: number, size, block size and count, whether it holds a valid image, the image's size
/// and SHA-256, free bytes, and where it is mounted. With -Contents, the entries of each image, read back from the
/// board, are written instead.
/// </para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "RomfsPartition")]
[OutputType(typeof(RomPartitionInfo), typeof(RomfsEntry))]
public sealed class GetRomfsPartitionCommand : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();

    /// <summary>The partition numbers; all partitions when omitted.</summary>
    [Parameter(Position = 0)]
    [ValidateRange(0, 255)]
    public int[]? Partition { get; set; }

    /// <summary>The board; the most recent connection when omitted.</summary>
    [Parameter(ValueFromPipeline = true)]
    public MicroPythonDevice? Device { get; set; }

    /// <summary>Reads each image back from the board and writes its entries (path, kind, size, offset) instead of the partition objects.</summary>
    [Parameter]
    public SwitchParameter Contents { get; set; }

    /// <inheritdoc/>
    public void Dispose() => _cancellation.Dispose();

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        MicroPythonDevice device;
        try
        {
            device = MicroPythonDeviceRegistry.Default.Resolve(Device);
        }
        catch (InvalidOperationException ex)
        {
            ThrowTerminatingError(DeviceErrorRecords.FromException(ex, Device)!);
            return;
        }

        var reporter = new CmdletOperationReporter(this);
        try
        {
            var partitions = reporter.Run(token => BoardPartitions.QueryAsync(device, Partition, Contents, reporter, token), _cancellation.Token);
            foreach (var partition in partitions)
            {
                if (Contents)
                {
                    foreach (var entry in partition.Entries)
                    {
                        WriteObject(entry);
                    }
                }
                else
                {
                    WriteObject(partition);
                }
            }
        }
        catch (Exception ex) when (PartitionErrorRecords.FromException(ex, device) is { } record)
        {
            WriteError(record);
        }
    }

    /// <inheritdoc/>
    protected override void StopProcessing() => _cancellation.Cancel();
}
