using System.Management.Automation;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Fleet;
using MicroPythonRomfs.Partitions;
using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Describes the ROM partitions of connected MicroPython boards and the images they hold.</para>
/// <para type="description">
/// One object per partition: number, size, block size and count, whether it holds a valid image, the image's size
/// and SHA-256, free bytes, and where it is mounted. With -Contents, the entries of each image, read back from the
/// board, are written instead, each tagged with its board (note properties Port and UniqueId).
/// </para>
/// <para type="description">
/// Given many boards (piped, or -Device @(...)), it queries them in parallel and gives an inventory: each partition
/// object names its board (Device, Port, UniqueId), so
/// <c>Get-RomfsPartition | Where-Object ImageHash -ne $expected | Publish-RomfsImage app.romfs</c> updates only the
/// stale boards. A board that cannot be queried gets its own error record; the others go on.
/// </para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "RomfsPartition")]
[OutputType(typeof(RomPartitionInfo), typeof(RomfsEntry))]
public sealed class GetRomfsPartitionCommand : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly List<MicroPythonDevice> _devices = new();

    /// <summary>The partition numbers; all partitions when omitted.</summary>
    [Parameter(Position = 0)]
    [ValidateRange(0, 255)]
    [ArgumentCompleter(typeof(PartitionCompleter))]
    public int[]? Partition { get; set; }

    /// <summary>The boards; the most recent connection when omitted.</summary>
    [Parameter(ValueFromPipeline = true)]
    [ArgumentCompleter(typeof(DeviceCompleter))]
    public MicroPythonDevice[]? Device { get; set; }

    /// <summary>Reads each image back from the board and writes its entries (path, kind, size, offset) instead of the partition objects.</summary>
    [Parameter]
    public SwitchParameter Contents { get; set; }

    /// <summary>The most boards queried at once; by default the number of boards, up to 8.</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int ThrottleLimit { get; set; }

    /// <inheritdoc/>
    public void Dispose() => _cancellation.Dispose();

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        foreach (var device in ConnectedDevices.Usable(this, Device))
        {
            if (!_devices.Contains(device))
            {
                _devices.Add(device);
            }
        }
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        if (_devices.Count == 0)
        {
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Device)) || MyInvocation.ExpectingInput)
            {
                return;
            }

            _devices.Add(ConnectedDevices.MostRecent(this));
        }

        WriteVerbose($"Querying {(Partition == null ? "every ROM partition" : "ROM partition " + string.Join(", ", Partition))}{(Contents ? " and reading each image's entries" : string.Empty)} on {string.Join(", ", _devices.Select(d => d.Port))}.");
        var reporter = new CmdletOperationReporter(this);
        var fleet = new FleetOptions { ThrottleLimit = ThrottleLimit > 0 ? ThrottleLimit : null };
        var outcomes = reporter.Run(token => FleetInventory.QueryAsync(_devices, Partition, Contents, fleet, reporter, token), _cancellation.Token);
        foreach (var outcome in outcomes)
        {
            if (outcome.Exception != null)
            {
                WriteError(PartitionErrorRecords.FromException(outcome.Exception, outcome.Device)
                    ?? new ErrorRecord(outcome.Exception, outcome.ErrorId, ErrorCategory.NotSpecified, outcome.Device));
                continue;
            }

            WriteVerbose($"{outcome.Port}: {outcome.Value!.Count} partition(s), {outcome.Value.Count(p => p.HasValidImage)} holding an image, in {outcome.Duration.TotalSeconds:0.00} s.");
            foreach (var partition in outcome.Value!)
            {
                if (Contents)
                {
                    foreach (var entry in partition.Entries)
                    {
                        WriteObject(BoardTag.Tag(entry, partition.Port, partition.UniqueId));
                    }
                }
                else
                {
                    WriteObject(partition);
                }
            }
        }
    }

    /// <inheritdoc/>
    protected override void StopProcessing() => _cancellation.Cancel();
}
