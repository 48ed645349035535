using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.PowerShell;

/// <summary>
/// Completes port names with the serial ports this machine has (and, for <c>-Port</c>, the <c>socket://</c> form);
/// used by <c>Connect-MicroPythonDevice -Port</c> and <c>Get-MicroPythonPort -Name</c>.
/// </summary>
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
        var typed = CompletionText.Typed(wordToComplete);
        var results = new List<CompletionResult>();
        foreach (var port in ListPorts())
        {
            if (port.Port.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            {
                results.Add(CompletionText.Result(port.Port, Describe(port)));
            }
        }

        if (!string.Equals(parameterName, "Name", StringComparison.OrdinalIgnoreCase) && typed.Length > 0 && "socket://".StartsWith(typed, StringComparison.OrdinalIgnoreCase))
        {
            results.Add(CompletionText.Result("socket://", "A board reached over TCP: socket://host:port"));
        }

        return results;
    }

    /// <summary>The ports the catalog lists; none when the operating system will not say.</summary>
    internal static IReadOnlyList<SerialPortInfo> ListPorts()
    {
        try
        {
            return new SerialPortCatalog().GetPorts();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException or PlatformNotSupportedException)
        {
            return Array.Empty<SerialPortInfo>();
        }
    }

    private static string Describe(SerialPortInfo port)
    {
        var description = string.IsNullOrEmpty(port.Description) ? port.Port : port.Description;
        return port.UsbId == null ? description : $"{description} ({port.UsbId})";
    }
}
