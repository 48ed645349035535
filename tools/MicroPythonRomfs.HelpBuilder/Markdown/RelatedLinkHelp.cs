namespace MicroPythonRomfs.HelpBuilder.Markdown;

/// <summary>A related link: a cmdlet or about topic name, or a web page.</summary>
/// <param name="Text">The link text.</param>
/// <param name="Uri">An absolute URI, or empty for a link to another help topic.</param>
public sealed record RelatedLinkHelp(string Text, string Uri);
