namespace MicroPythonRomfs.HelpBuilder.Markdown;

/// <summary>A <c>### TypeName</c> entry under INPUTS or OUTPUTS.</summary>
/// <param name="TypeName">The type, or <c>None</c>.</param>
/// <param name="Description">The paragraphs that describe it.</param>
public sealed record TypeHelp(string TypeName, IReadOnlyList<string> Description);
