using System.Management.Automation;
using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Closes connections to MicroPython boards.</para>
/// <para type="description">Leaves the raw REPL and closes the port. Without -Device, closes the most recent
/// connection of this session. Takes many boards (-Device $a, $b, or piped devices); Get-MicroPythonDevice |
/// Disconnect-MicroPythonDevice closes them all. Writes nothing unless -PassThru is given.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Disconnect, "MicroPythonDevice")]
[OutputType(typeof(MicroPythonDevice))]
public sealed class DisconnectMicroPythonDeviceCommand : PSCmdlet
{
    /// <summary>The devices to disconnect; the most recent connection when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    [ArgumentCompleter(typeof(DeviceCompleter))]
    public MicroPythonDevice[]? Device { get; set; }

    /// <summary>Writes each disconnected device (its IsConnected now false) to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var devices = Device ?? (SessionDevices.Current.Current is { } current ? new[] { current } : null);
        if (devices == null)
        {
            WriteError(DeviceErrorRecords.FromException(new InvalidOperationException("No MicroPython device is connected in this session."), null)!);
            return;
        }

        foreach (var device in devices.Where(d => d != null))
        {
            var wasConnected = device.IsConnected;
            device.Disconnect();
            SessionDevices.Current.Remove(device);
            WriteVerbose(wasConnected ? $"Disconnected from {device.Port}." : $"{device.Port} was already disconnected.");
            if (PassThru)
            {
                WriteObject(device);
            }
        }
    }
}
