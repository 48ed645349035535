using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.PowerShell;

/// <summary>
/// The connections of each PowerShell session (runspace), as a module keeps session state: a board connected in one
/// runspace is not the default board of another (a job, a <c>ForEach-Object -Parallel</c> script block, another
/// host's tab), and closing the runspace or removing the module closes the connections it made. A device object
/// itself can still be handed to another runspace and used there with -Device.
/// </summary>
internal static class SessionDevices
{
    private static readonly ConditionalWeakTable<Runspace, MicroPythonDeviceRegistry> ByRunspace = new();
    private static readonly MicroPythonDeviceRegistry WithoutRunspace = new();

    /// <summary>The registry of the runspace running on this thread.</summary>
    public static MicroPythonDeviceRegistry Current => Runspace.DefaultRunspace is { } runspace ? For(runspace) : WithoutRunspace;

    /// <summary>Closes every connection this thread's runspace made, and forgets them.</summary>
    public static void DisconnectAll()
    {
        var registry = Current;
        foreach (var device in registry.Devices)
        {
            registry.Remove(device);
            device.Disconnect();
        }
    }

    private static MicroPythonDeviceRegistry For(Runspace runspace) => ByRunspace.GetValue(runspace, key =>
    {
        var registry = new MicroPythonDeviceRegistry();
        key.StateChanged += (_, e) =>
        {
            if (e.RunspaceStateInfo.State is RunspaceState.Closing or RunspaceState.Closed or RunspaceState.Broken)
            {
                foreach (var device in registry.Devices)
                {
                    registry.Remove(device);
                    device.Disconnect();
                }
            }
        };
        return registry;
    });
}
