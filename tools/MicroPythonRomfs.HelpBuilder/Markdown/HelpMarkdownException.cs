namespace MicroPythonRomfs.HelpBuilder.Markdown;

/// <summary>A help page that does not follow the PlatyPS markdown schema, with the file and line at fault.</summary>
public sealed class HelpMarkdownException : Exception
{
    /// <summary>Creates the exception for a problem at a line of a page.</summary>
    /// <param name="file">The markdown file.</param>
    /// <param name="line">The 1-based line, or 0 when the problem concerns the whole file.</param>
    /// <param name="message">What is wrong, as a sentence.</param>
    public HelpMarkdownException(string file, int line, string message)
        : base(line > 0 ? $"{file}:{line}: {message}" : $"{file}: {message}")
    {
        File = file;
        Line = line;
    }

    /// <summary>The markdown file.</summary>
    public string File { get; }

    /// <summary>The 1-based line, or 0 when the problem concerns the whole file.</summary>
    public int Line { get; }
}
