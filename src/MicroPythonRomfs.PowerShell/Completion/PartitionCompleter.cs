using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Language;
using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.PowerShell;

/// <summary>
/// Completes <c>-Partition</c> with the ROM partition numbers of the board given with <c>-Device</c>, else of the
/// session's most recent connection (0 when none is connected, the default partition).
/// </summary>
public sealed class PartitionCompleter : IArgumentCompleter
{
    /// <summary>Returns the partition numbers that start with what was typed.</summary>
    /// <param name="commandName">The command being completed.</param>
    /// <param name="parameterName">The parameter being completed.</param>
    /// <param name="wordToComplete">What was typed so far.</param>
    /// <param name="commandAst">The command's syntax tree.</param>
    /// <param name="fakeBoundParameters">The parameters bound so far.</param>
    /// <returns>The completions.</returns>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var typed = CompletionText.Typed(wordToComplete);
        var devices = DevicesIn(fakeBoundParameters?["Device"]).ToList();
        if (devices.Count == 0 && SessionDevices.Current.Current is { } current)
        {
            devices.Add(current);
        }

        var count = devices.Count == 0 ? 1 : devices.Max(d => d.RomfsPartitionCount);
        for (var number = 0; number < Math.Max(1, count); number++)
        {
            var text = number.ToString(CultureInfo.InvariantCulture);
            if (text.StartsWith(typed, StringComparison.Ordinal))
            {
                var tip = devices.Count == 0
                    ? "ROM partition 0, the default (no board is connected)"
                    : $"ROM partition {number} of {string.Join(", ", devices.Where(d => d.RomfsPartitionCount > number).Select(d => d.Port))}";
                yield return new CompletionResult(text, text, CompletionResultType.ParameterValue, tip);
            }
        }
    }

    private static IEnumerable<MicroPythonDevice> DevicesIn(object? value)
    {
        switch (value)
        {
            case PSObject wrapped:
                return DevicesIn(wrapped.BaseObject);
            case MicroPythonDevice device:
                return device.IsConnected ? new[] { device } : Array.Empty<MicroPythonDevice>();
            case IEnumerable many when value is not string:
                return many.Cast<object?>().SelectMany(DevicesIn).ToList();
            default:
                return Array.Empty<MicroPythonDevice>();
        }
    }
}
