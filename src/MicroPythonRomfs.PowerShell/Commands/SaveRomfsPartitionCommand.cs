using System.Management.Automation;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Partitions;

namespace MicroPythonRomfs.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Reads the image on a ROM partition (or the whole partition) back to a file.</para>
/// <para type="description">
/// Backs up what a board holds before it is overwritten. The file is written whole or not at all; an existing file is
/// replaced only with -Force.
/// </para>
/// </summary>
[Cmdlet(VerbsData.Save, "RomfsPartition", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class SaveRomfsPartitionCommand : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();

    /// <summary>The file to write.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string OutFile { get; set; } = string.Empty;

    /// <summary>The ROM partition to read.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0, 255)]
    [ArgumentCompleter(typeof(PartitionCompleter))]
    public int Partition { get; set; }

    /// <summary>The board; the most recent connection when omitted. A piped device, or the Device property of a piped partition object, binds here.</summary>
    [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(DeviceCompleter))]
    public MicroPythonDevice? Device { get; set; }

    /// <summary>Saves every byte of the partition, not just the image it holds (also works when it holds none).</summary>
    [Parameter]
    public SwitchParameter WholePartition { get; set; }

    /// <summary>Replaces an existing file.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Writes the saved file as Get-Item does (a file-system item with PSPath and the other provider properties).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc/>
    public void Dispose() => _cancellation.Dispose();

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var device = ConnectedDevices.Resolve(this, Device);

        var outFile = ProviderPathResolver.ResolveOutput(this, OutFile);
        var what = WholePartition ? $"Save all of ROM partition {Partition} of {device.Port}" : $"Save the image on ROM partition {Partition} of {device.Port}";
        if (!ShouldProcess(outFile, what))
        {
            return;
        }

        var reporter = new CmdletOperationReporter(this);
        try
        {
            WriteVerbose($"Reading {(WholePartition ? "all of" : "the image on")} ROM partition {Partition} of {device.Port} into '{outFile}'.");
            var file = reporter.Run(token => BoardPartitions.SaveAsync(device, Partition, outFile, WholePartition, Force, reporter, token), _cancellation.Token);
            WriteVerbose($"Saved {file.Length:N0} bytes from ROM partition {Partition} of {device.Port} to '{file.FullName}'.");
            if (PassThru)
            {
                WriteObject(InvokeProvider.Item.Get(new[] { file.FullName }, false, true), enumerateCollection: true);
            }
        }
        catch (Exception ex) when (PartitionErrorRecords.FromException(ex, outFile) is { } record)
        {
            WriteError(record);
        }
    }

    /// <inheritdoc/>
    protected override void StopProcessing() => _cancellation.Cancel();
}
