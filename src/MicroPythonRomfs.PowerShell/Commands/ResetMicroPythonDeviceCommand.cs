using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Soft-resets connected MicroPython boards.</para>
/// <para type="description">Restarts the board's Python interpreter (Ctrl-D in the raw REPL): variables and imported
/// modules are cleared and boot.py runs again. The connection stays open. Takes many boards (-Device $a, $b, or
/// piped devices); each is reset in turn.</para>
/// </summary>
[Cmdlet(VerbsCommon.Reset, "MicroPythonDevice", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(MicroPythonDevice))]
public sealed class ResetMicroPythonDeviceCommand : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stop = new();

    /// <summary>The devices; the most recent connection when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    [ArgumentCompleter(typeof(DeviceCompleter))]
    public MicroPythonDevice[]? Device { get; set; }

    /// <summary>Writes each device to the pipeline after its reset.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc/>
    public void Dispose() => _stop.Dispose();

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var devices = Device == null ? new[] { ConnectedDevices.MostRecent(this) } : ConnectedDevices.Usable(this, Device);
        foreach (var device in devices)
        {
            Reset(device);
        }
    }

    /// <inheritdoc/>
    protected override void StopProcessing() => _stop.Cancel();

    private void Reset(MicroPythonDevice device)
    {
        if (!ShouldProcess(device.Port, "Soft reset"))
        {
            return;
        }

        try
        {
            WriteVerbose($"Soft-resetting {device.Port}.");
            var clock = Stopwatch.StartNew();
            new DeviceCommandPump(this).Run(
                async token =>
                {
                    await device.SoftResetAsync(token).ConfigureAwait(false);
                    return true;
                },
                _stop.Token);
            WriteVerbose(string.Format(CultureInfo.InvariantCulture, "{0} is back at the raw REPL prompt after {1:0.00} s.", device.Port, clock.Elapsed.TotalSeconds));
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
}
