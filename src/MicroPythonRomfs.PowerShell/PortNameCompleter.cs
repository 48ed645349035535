using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.PowerShell;

/// <summary>Completes <c>-Port</c> with the serial ports this machine has, and the <c>socket://</c> form.</summary>
public sealed class PortNameCompleter : IArgumentCompleter
{
    /// <summary>Returns the ports whose name starts with what was typed.</summary>
    /// <param name="commandName">The command being completed.</param>
    /// <param name="parameterName">The parameter being completed.</param>
    /// <param name="wordToComplete">What was typed so far.</param>
    /// <param name="commandAst">The command's syntax tree.</param>
    /// <param name="fakeBoundParameters">The parameters bound so far.</param>
    /// <returns>The completions.</returns>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
        var results = new List<CompletionResult>();
        IReadOnlyList<SerialPortInfo> ports;
        try
        {
            ports = new SerialPortCatalog().GetPorts();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException)
        {
            ports = Array.Empty<SerialPortInfo>();
        }

        foreach (var port in ports)
        {
            if (port.Port.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            {
                var tip = port.UsbId == null ? port.Description : $"{port.Description} ({port.UsbId})";
                results.Add(new CompletionResult(port.Port, port.Port, CompletionResultType.ParameterValue, tip));
            }
        }

        if ("socket://".StartsWith(typed, StringComparison.OrdinalIgnoreCase) && typed.Length > 0)
        {
            results.Add(new CompletionResult("socket://", "socket://", CompletionResultType.ParameterValue, "A board reached over TCP: socket://host:port"));
        }

        return results;
    }
}
