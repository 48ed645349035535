using System.CommandLine;
using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.Cli;

/// <summary><c>mpromfs devs</c>: the candidate serial ports, one per line, as <c>mpremote devs</c> prints them:
/// port, serial number, vid:pid, manufacturer, product (<c>None</c> where the system does not tell).</summary>
internal static class DevsCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("devs", "List the serial ports a board may be on, with USB ids where known.");
        command.SetAction((result, cancellationToken) => context.GuardAsync(() =>
        {
            foreach (var port in new SerialPortCatalog().GetPorts())
            {
                context.Output.WriteLine(string.Join(" ", port.Port, port.SerialNumber ?? "None", port.UsbId ?? "0000:0000", port.Manufacturer ?? "None", port.Product ?? "None"));
            }

            return Task.FromResult(CliContext.Success);
        }));
        return command;
    }
}
