namespace MicroPythonRomfs.HelpBuilder.Markdown;

/// <summary>One parameter set under a page's SYNTAX: its heading and the parameters its code block lists.</summary>
/// <param name="SetName">The set name; <c>__AllParameterSets</c> when the cmdlet has a single set.</param>
/// <param name="IsDefault">Whether the heading carries <c>(Default)</c>.</param>
/// <param name="Text">The syntax line as written.</param>
/// <param name="ParameterNames">The parameters in the order the syntax line lists them (no common parameters).</param>
/// <param name="Line">The 1-based line of the heading or code block.</param>
public sealed record SyntaxHelp(string SetName, bool IsDefault, string Text, IReadOnlyList<string> ParameterNames, int Line)
{
    /// <summary>The set name PowerShell uses when a cmdlet declares no parameter sets.</summary>
    public const string AllParameterSets = "__AllParameterSets";
}
