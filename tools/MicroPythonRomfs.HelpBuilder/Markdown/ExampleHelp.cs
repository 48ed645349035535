namespace MicroPythonRomfs.HelpBuilder.Markdown;

/// <summary>A <c>### Example N: ...</c> section.</summary>
/// <param name="Title">The heading text, for example <c>Example 1: Build an image from a folder</c>.</param>
/// <param name="Code">The code blocks, in order.</param>
/// <param name="Remarks">The paragraphs that explain the example.</param>
public sealed record ExampleHelp(string Title, IReadOnlyList<string> Code, IReadOnlyList<string> Remarks);
