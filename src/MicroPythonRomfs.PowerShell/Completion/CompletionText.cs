using System.Management.Automation;

namespace MicroPythonRomfs.PowerShell;

/// <summary>Quoting for completion results, so a completed value parses as one argument.</summary>
internal static class CompletionText
{
    private static readonly char[] NeedsQuotes = { ' ', '\t', '\'', '"', '$', '`', '(', ')', '{', '}', '@', ';', ',', '&', '|', '#', '<', '>' };

    /// <summary>What was typed, without the quotes the user may have opened.</summary>
    public static string Typed(string? wordToComplete) => (wordToComplete ?? string.Empty).Trim('\'', '"');

    /// <summary>The value, single-quoted when it would not parse as a bare word.</summary>
    public static string Quote(string value) =>
        value.IndexOfAny(NeedsQuotes) >= 0 ? "'" + value.Replace("'", "''") + "'" : value;

    /// <summary>A parameter-value completion of <paramref name="value"/>.</summary>
    public static CompletionResult Result(string value, string tip) =>
        new(Quote(value), value, CompletionResultType.ParameterValue, string.IsNullOrEmpty(tip) ? value : tip);
}
