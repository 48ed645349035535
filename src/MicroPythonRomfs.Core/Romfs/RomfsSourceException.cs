namespace MicroPythonRomfs.Romfs;

/// <summary>Raised when a source file or folder for an image cannot be used; <see cref="SourcePath"/> names it.</summary>
public sealed class RomfsSourceException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="sourcePath">The file or folder concerned.</param>
    /// <param name="message">A complete sentence that names <paramref name="sourcePath"/>.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public RomfsSourceException(string sourcePath, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        SourcePath = sourcePath;
    }

    /// <summary>The file or folder concerned.</summary>
    public string SourcePath { get; }
}
