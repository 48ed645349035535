using System.Management.Automation;
using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Connects to a MicroPython board over a serial port or TCP.</para>
/// <para type="description">Opens the port, enters the raw REPL (soft-resetting the board unless -NoSoftReset is
/// given), reads the board's facts and returns a device object. Later device commands use it through -Device, or
/// use the most recent connection when no device is given.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "MicroPythonDevice")]
[OutputType(typeof(MicroPythonDevice))]
public sealed class ConnectMicroPythonDeviceCommand : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stop = new();

    /// <summary>The port: <c>COM3</c>, <c>/dev/ttyACM0</c>, <c>socket://host:port</c>, or mpremote's short forms
    /// <c>a0</c>, <c>u0</c>, <c>c3</c>. Objects from Get-MicroPythonPort bind by their Port property.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(PortNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Port { get; set; } = string.Empty;

    /// <summary>The serial baud rate (ignored for TCP).</summary>
    [Parameter]
    [ValidateRange(50, 10_000_000)]
    public int BaudRate { get; set; } = 115200;

    /// <summary>Seconds to wait for the port and for each answer from the board.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int Timeout { get; set; } = 5;

    /// <summary>Skips the soft reset after entering the raw REPL, so the board keeps its Python state.</summary>
    [Parameter]
    public SwitchParameter NoSoftReset { get; set; }

    /// <summary>Uses the classic raw REPL even where the board supports raw-paste mode.</summary>
    [Parameter]
    public SwitchParameter NoRawPaste { get; set; }

    /// <inheritdoc/>
    public void Dispose() => _stop.Dispose();

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var options = new DeviceConnectionOptions
        {
            BaudRate = BaudRate,
            Timeout = TimeSpan.FromSeconds(Timeout),
            SoftReset = !NoSoftReset,
            UseRawPaste = !NoRawPaste,
        };
        try
        {
            if (MicroPythonDeviceRegistry.Default.FindByPort(Port) is { } existing)
            {
                WriteError(new ErrorRecord(
                    new InvalidOperationException($"{existing.Port} is already connected in this session. Use the device object you have (Connect-MicroPythonDevice returned it), or Disconnect-MicroPythonDevice first."),
                    DeviceErrorRecords.AlreadyConnectedId,
                    ErrorCategory.ResourceExists,
                    existing));
                return;
            }

            var device = new DeviceCommandPump(this).Run(token => MicroPythonDevice.ConnectAsync(Port, options, token), _stop.Token);
            MicroPythonDeviceRegistry.Default.Add(device);
            WriteVerbose($"Connected to {device.Port}: {device.Info.ImplementationName} {device.FirmwareVersion} on {device.Platform}, mpy {device.MpyVersion} {device.MpyArchitecture}, {device.RomfsPartitionCount} ROMFS partition(s).");
            WriteObject(device);
        }
        catch (Exception ex) when (DeviceErrorRecords.FromException(ex, Port) is { } record)
        {
            WriteError(record);
        }
    }

    /// <inheritdoc/>
    protected override void StopProcessing() => _stop.Cancel();
}
