using System.Management.Automation;
using System.Text.RegularExpressions;

namespace MicroPythonRomfs.PowerShell;

/// <summary>
/// Core messages name the remedies of both front ends ("-Force (or --force)", "(mpromfs: --no-mpy)"); cmdlet users
/// see only the PowerShell half.
/// </summary>
internal static class CliFlagText
{
    private static readonly Regex CliAside = new(@"\s*\((?:or |mpromfs: )--[a-z0-9-]+\)|\s*/\s*--[a-z0-9-]+(?=\))", RegexOptions.CultureInvariant);

    /// <summary>The message without the command-line tool's flags.</summary>
    public static string Strip(string message) => CliAside.Replace(message, string.Empty);

    /// <summary>Gives the record a message without the tool's flags when its exception's message has them.</summary>
    public static ErrorRecord Clean(ErrorRecord record)
    {
        var message = record.ErrorDetails?.Message ?? record.Exception?.Message;
        if (message != null && Strip(message) is var clean && clean != message)
        {
            var recommended = record.ErrorDetails?.RecommendedAction;
            record.ErrorDetails = new ErrorDetails(clean) { RecommendedAction = recommended };
        }

        return record;
    }
}
