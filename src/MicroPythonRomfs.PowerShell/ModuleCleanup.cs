using System.Management.Automation;

namespace MicroPythonRomfs.PowerShell;

/// <summary>Closes the session's board connections when the module is removed (<c>Remove-Module MicroPythonRomfs</c>).</summary>
public sealed class ModuleCleanup : IModuleAssemblyCleanup
{
    /// <summary>Called by PowerShell when the module is removed from a session.</summary>
    /// <param name="psModuleInfo">The module being removed.</param>
    public void OnRemove(PSModuleInfo psModuleInfo) => SessionDevices.DisconnectAll();
}
