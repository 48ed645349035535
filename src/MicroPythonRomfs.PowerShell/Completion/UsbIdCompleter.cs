using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace MicroPythonRomfs.PowerShell;

/// <summary>
/// Completes <c>-UsbId</c> with the USB ids of the ports this machine has, then vendor wildcards of the USB chips
/// MicroPython boards commonly use.
/// </summary>
public sealed class UsbIdCompleter : IArgumentCompleter
{
    private static readonly (string Pattern, string Vendor)[] CommonVendors =
    {
        ("2e8a:*", "Raspberry Pi (RP2040, RP2350)"),
        ("303a:*", "Espressif (ESP32-S2, -S3, -C3 native USB)"),
        ("f055:*", "MicroPython (pyboard and other boards with MicroPython's own id)"),
        ("10c4:*", "Silicon Labs CP210x USB-to-UART bridges"),
        ("1a86:*", "WCH CH340/CH9102 USB-to-UART bridges"),
        ("0403:*", "FTDI USB-to-UART bridges"),
        ("0483:*", "STMicroelectronics (STM32)"),
        ("239a:*", "Adafruit"),
    };

    /// <summary>Returns the USB ids that start with what was typed.</summary>
    /// <param name="commandName">The command being completed.</param>
    /// <param name="parameterName">The parameter being completed.</param>
    /// <param name="wordToComplete">What was typed so far.</param>
    /// <param name="commandAst">The command's syntax tree.</param>
    /// <param name="fakeBoundParameters">The parameters bound so far.</param>
    /// <returns>The completions.</returns>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var typed = CompletionText.Typed(wordToComplete);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var port in PortNameCompleter.ListPorts())
        {
            if (port.UsbId is { } id && id.StartsWith(typed, StringComparison.OrdinalIgnoreCase) && seen.Add(id))
            {
                yield return CompletionText.Result(id, $"{port.Port}: {port.Description}");
            }
        }

        foreach (var (pattern, vendor) in CommonVendors)
        {
            if (pattern.StartsWith(typed, StringComparison.OrdinalIgnoreCase) && seen.Add(pattern))
            {
                yield return CompletionText.Result(pattern, vendor);
            }
        }
    }
}
