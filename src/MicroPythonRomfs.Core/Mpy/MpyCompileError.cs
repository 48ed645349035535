namespace MicroPythonRomfs.Mpy;

/// <summary>One compilation failure: which file, which line, and the compiler's message.</summary>
public sealed class MpyCompileError
{
    /// <summary>Creates an error.</summary>
    /// <param name="sourceFile">The path of the file that failed.</param>
    /// <param name="line">The 1-based line the compiler named, or <see langword="null"/> when it named none.</param>
    /// <param name="message">The compiler's message, for example "SyntaxError: invalid syntax".</param>
    public MpyCompileError(string sourceFile, int? line, string message)
    {
        SourceFile = sourceFile ?? throw new ArgumentNullException(nameof(sourceFile));
        Line = line;
        Message = message ?? throw new ArgumentNullException(nameof(message));
    }

    /// <summary>The path of the file that failed.</summary>
    public string SourceFile { get; }

    /// <summary>The 1-based line the compiler named, or <see langword="null"/>.</summary>
    public int? Line { get; }

    /// <summary>The compiler's message.</summary>
    public string Message { get; }

    /// <inheritdoc/>
    public override string ToString() => Line is int line ? $"{SourceFile}:{line}: {Message}" : $"{SourceFile}: {Message}";
}
