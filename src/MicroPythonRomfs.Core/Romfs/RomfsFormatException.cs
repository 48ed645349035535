namespace MicroPythonRomfs.Romfs;

/// <summary>Raised when bytes are not a well-formed ROMFS image; <see cref="Offset"/> says where reading stopped.</summary>
public sealed class RomfsFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="offset">The byte offset in the image where the problem was found.</param>
    /// <param name="problem">What is wrong, as a sentence fragment without the offset.</param>
    public RomfsFormatException(long offset, string problem)
        : this(offset, problem, null)
    {
    }

    private RomfsFormatException(long offset, string problem, string? sourcePath)
        : base(sourcePath == null
            ? $"Invalid ROMFS image at byte offset {offset}: {problem}"
            : $"Invalid ROMFS image '{sourcePath}' at byte offset {offset}: {problem}")
    {
        Offset = offset;
        Problem = problem;
        SourcePath = sourcePath;
    }

    /// <summary>The byte offset in the image where the problem was found.</summary>
    public long Offset { get; }

    /// <summary>What is wrong, without the offset.</summary>
    public string Problem { get; }

    /// <summary>The image file, when the image was read from one.</summary>
    public string? SourcePath { get; }

    /// <summary>Returns the same error naming the file the image came from.</summary>
    /// <param name="sourcePath">The image file.</param>
    /// <returns>A new exception.</returns>
    public RomfsFormatException WithSourcePath(string sourcePath) => new(Offset, Problem, sourcePath);
}
