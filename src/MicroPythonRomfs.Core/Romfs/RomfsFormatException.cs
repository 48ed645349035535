namespace MicroPythonRomfs.Romfs;

/// <summary>Raised when bytes are not a well-formed ROMFS image; <see cref="Offset"/> says where reading stopped.</summary>
public sealed class RomfsFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="offset">The byte offset in the image where the problem was found.</param>
    /// <param name="problem">What is wrong, as a sentence fragment without the offset.</param>
    public RomfsFormatException(long offset, string problem)
        : base($"Invalid ROMFS image at byte offset {offset}: {problem}")
    {
        Offset = offset;
        Problem = problem;
    }

    /// <summary>The byte offset in the image where the problem was found.</summary>
    public long Offset { get; }

    /// <summary>What is wrong, without the offset.</summary>
    public string Problem { get; }
}
