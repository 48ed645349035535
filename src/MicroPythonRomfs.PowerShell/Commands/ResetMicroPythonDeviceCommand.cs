using System.Management.Automation;
using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Soft-resets a connected MicroPython board.</para>
/// <para type="description">Restarts the board's Python interpreter (Ctrl-D in the raw REPL): variables and imported
/// modules are cleared and boot.py runs again. The connection stays open.</para>
/// </summary>
[Cmdlet(VerbsCommon.Reset, "MicroPythonDevice", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(MicroPythonDevice))]
public sealed class ResetMicroPythonDeviceCommand : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stop = new();

    /// <summary>The device; the most recent connection when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    public MicroPythonDevice? Device { get; set; }

    /// <summary>Writes the device to the pipeline after the reset.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc/>
    public void Dispose() => _stop.Dispose();

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var device = ConnectedDevices.Resolve(this, Device);

        if (!ShouldProcess(device.Port, "Soft reset"))
        {
            return;
        }

        try
        {
            new DeviceCommandPump(this).Run(
                async token =>
                {
                    await device.SoftResetAsync(token).ConfigureAwait(false);
                    return true;
                },
                _stop.Token);
            if (PassThru)
            {
                WriteObject(device);
            }
        }
        catch (Exception ex) when (DeviceErrorRecords.FromException(ex, device) is { } record)
        {
            WriteError(record);
        }
    }

    /// <inheritdoc/>
    protected override void StopProcessing() => _stop.Cancel();
}
