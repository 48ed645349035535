using System.Management.Automation;
using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.PowerShell;

/// <summary>How the device cmdlets pick their boards: the given ones that are still connected, else the most recent connection of this session.</summary>
internal static class ConnectedDevices
{
    /// <summary>The given devices that are connected; each disconnected one is reported as a non-terminating error.</summary>
    public static IEnumerable<MicroPythonDevice> Usable(Cmdlet cmdlet, IEnumerable<MicroPythonDevice?>? devices)
    {
        foreach (var device in devices ?? Array.Empty<MicroPythonDevice>())
        {
            if (device == null)
            {
                continue;
            }

            if (!device.IsConnected)
            {
                cmdlet.WriteError(DeviceErrorRecords.FromException(new InvalidOperationException($"The device on {device.Port} is disconnected. Connect again with Connect-MicroPythonDevice."), device)!);
                continue;
            }

            yield return device;
        }
    }

    /// <summary>The given device, or the most recent connection; a terminating <c>NoDeviceConnected</c> error when there is none.</summary>
    public static MicroPythonDevice Resolve(Cmdlet cmdlet, MicroPythonDevice? device)
    {
        if (device == null && SessionDevices.Current.Current == null)
        {
            cmdlet.ThrowTerminatingError(DeviceErrorRecords.FromException(
                new InvalidOperationException("No MicroPython device is connected in this PowerShell session. Connect one with Connect-MicroPythonDevice -Port <name>, or pass -Device (connections made in another session, job or runspace are not its default board)."),
                null)!);
        }

        try
        {
            return SessionDevices.Current.Resolve(device);
        }
        catch (InvalidOperationException ex)
        {
            cmdlet.ThrowTerminatingError(DeviceErrorRecords.FromException(ex, device)!);
            throw;
        }
    }

    /// <summary>The most recent connection; a terminating <c>NoDeviceConnected</c> error when there is none.</summary>
    public static MicroPythonDevice MostRecent(Cmdlet cmdlet) => Resolve(cmdlet, null);
}
