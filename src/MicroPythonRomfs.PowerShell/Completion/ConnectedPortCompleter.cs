using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace MicroPythonRomfs.PowerShell;

/// <summary>Completes <c>Get-MicroPythonDevice -Port</c> with the ports of the boards connected in this session.</summary>
public sealed class ConnectedPortCompleter : IArgumentCompleter
{
    /// <summary>Returns the connected ports that start with what was typed.</summary>
    /// <param name="commandName">The command being completed.</param>
    /// <param name="parameterName">The parameter being completed.</param>
    /// <param name="wordToComplete">What was typed so far.</param>
    /// <param name="commandAst">The command's syntax tree.</param>
    /// <param name="fakeBoundParameters">The parameters bound so far.</param>
    /// <returns>The completions.</returns>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var typed = CompletionText.Typed(wordToComplete);
        return SessionDevices.Current.Devices
            .Where(d => d.Port.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .Select(d => CompletionText.Result(d.Port, d.ToString()))
            .ToList();
    }
}
