namespace MicroPythonRomfs.Mpy;

/// <summary>One Python source file to compile to <c>.mpy</c>.</summary>
public sealed class MpyCompileRequest
{
    /// <summary>Creates a request.</summary>
    /// <param name="sourceFile">The full path of the <c>.py</c> file on disk.</param>
    /// <param name="sourceName">
    /// The source name embedded in the <c>.mpy</c> (mpy-cross <c>-s</c>): <c>&lt;source folder's name&gt;/&lt;path inside the tree&gt;</c>
    /// with <c>/</c> separators, as upstream mpremote embeds it, never an absolute path of this machine.
    /// </param>
    public MpyCompileRequest(string sourceFile, string sourceName)
    {
        SourceFile = sourceFile ?? throw new ArgumentNullException(nameof(sourceFile));
        SourceName = sourceName ?? throw new ArgumentNullException(nameof(sourceName));
    }

    /// <summary>The full path of the <c>.py</c> file on disk.</summary>
    public string SourceFile { get; }

    /// <summary>The source name embedded in the <c>.mpy</c>.</summary>
    public string SourceName { get; }
}
