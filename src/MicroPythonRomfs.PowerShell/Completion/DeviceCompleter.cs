using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace MicroPythonRomfs.PowerShell;

/// <summary>
/// Completes <c>-Device</c> with the boards connected in this session, as <c>(Get-MicroPythonDevice -Port '...')</c>
/// expressions that evaluate to the device object.
/// </summary>
public sealed class DeviceCompleter : IArgumentCompleter
{
    /// <summary>Returns the connected devices whose port starts with what was typed.</summary>
    /// <param name="commandName">The command being completed.</param>
    /// <param name="parameterName">The parameter being completed.</param>
    /// <param name="wordToComplete">What was typed so far.</param>
    /// <param name="commandAst">The command's syntax tree.</param>
    /// <param name="fakeBoundParameters">The parameters bound so far.</param>
    /// <returns>The completions.</returns>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var typed = CompletionText.Typed(wordToComplete);
        const string prefix = "(Get-MicroPythonDevice -Port ";
        if (typed.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            typed = CompletionText.Typed(typed.Substring(prefix.Length).TrimEnd(')'));
        }

        foreach (var device in SessionDevices.Current.Devices.Reverse())
        {
            if (device.Port.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            {
                var text = prefix + "'" + device.Port.Replace("'", "''") + "')";
                yield return new CompletionResult(text, device.Port, CompletionResultType.ParameterValue, device.ToString());
            }
        }
    }
}
