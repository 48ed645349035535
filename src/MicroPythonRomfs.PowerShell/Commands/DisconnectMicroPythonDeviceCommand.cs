using System.Management.Automation;
using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Closes the connection to a MicroPython board.</para>
/// <para type="description">Leaves the raw REPL and closes the port. Without -Device, closes the most recent connection.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Disconnect, "MicroPythonDevice")]
[OutputType(typeof(void))]
public sealed class DisconnectMicroPythonDeviceCommand : PSCmdlet
{
    /// <summary>The device to disconnect; the most recent connection when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    public MicroPythonDevice? Device { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var device = Device ?? MicroPythonDeviceRegistry.Default.Current;
        if (device == null)
        {
            WriteError(DeviceErrorRecords.FromException(new InvalidOperationException("No MicroPython device is connected."), null)!);
            return;
        }

        device.Disconnect();
        WriteVerbose($"Disconnected from {device.Port}.");
    }
}
