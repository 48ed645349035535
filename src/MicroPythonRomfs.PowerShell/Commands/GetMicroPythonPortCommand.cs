using System.Management.Automation;
using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Lists the serial ports a MicroPython board may be on.</para>
/// <para type="description">Like <c>mpremote devs</c>: each port with its USB vendor and product id, serial number,
/// manufacturer and product where the operating system tells them. Pipe a port to Connect-MicroPythonDevice.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "MicroPythonPort")]
[OutputType(typeof(SerialPortInfo))]
public sealed class GetMicroPythonPortCommand : PSCmdlet
{
    /// <summary>Only ports whose name matches this wildcard pattern.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(PortNameCompleter))]
    public string Name { get; set; } = "*";

    /// <summary>Only USB ports (those with a vendor and product id).</summary>
    [Parameter]
    public SwitchParameter UsbOnly { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var pattern = new WildcardPattern(Name, WildcardOptions.IgnoreCase);
        foreach (var port in new SerialPortCatalog().GetPorts())
        {
            if (pattern.IsMatch(port.Port) && (!UsbOnly || port.UsbId != null))
            {
                WriteObject(port);
            }
        }
    }
}
