using System.Management.Automation;
using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Lists the MicroPython boards connected in this session.</para>
/// <para type="description">Writes the device objects that Connect-MicroPythonDevice made in this PowerShell session
/// and that are still connected, oldest first: the last one is the board the other cmdlets use when they are given
/// no -Device. Connections belong to the session (runspace) that made them: a job, a ForEach-Object -Parallel script
/// block or another runspace has connections of its own, and closing the session or removing the module closes
/// them.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "MicroPythonDevice")]
[OutputType(typeof(MicroPythonDevice))]
public sealed class GetMicroPythonDeviceCommand : PSCmdlet
{
    /// <summary>Only devices whose port matches one of these wildcard patterns.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(ConnectedPortCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? Port { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var devices = SessionDevices.Current.Devices;
        if (Port == null)
        {
            WriteObject(devices, enumerateCollection: true);
            return;
        }

        foreach (var name in Port)
        {
            var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
            var matches = devices.Where(d => pattern.IsMatch(d.Port)).ToList();
            if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
            {
                WriteError(new ErrorRecord(
                    new ItemNotFoundException($"No MicroPython device is connected on '{name}' in this session. List the connections with Get-MicroPythonDevice."),
                    "DeviceNotFound",
                    ErrorCategory.ObjectNotFound,
                    name));
            }

            WriteObject(matches, enumerateCollection: true);
        }
    }
}
