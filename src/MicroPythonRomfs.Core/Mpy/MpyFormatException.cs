namespace MicroPythonRomfs.Mpy;

/// <summary>Raised when bytes that should be a <c>.mpy</c> file are not one; the message names the file and the byte offset.</summary>
public sealed class MpyFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="fileName">The file or entry name the bytes came from, or <see langword="null"/> when unknown.</param>
    /// <param name="offset">The byte offset of the problem within the file.</param>
    /// <param name="problem">What is wrong, as a sentence fragment without the file name.</param>
    public MpyFormatException(string? fileName, long offset, string problem)
        : base($"{(fileName == null ? "The data" : "'" + fileName + "'")} is not a valid .mpy file: {problem} (at byte offset {offset}).")
    {
        FileName = fileName;
        Offset = offset;
    }

    /// <summary>The file or entry name, or <see langword="null"/> when unknown.</summary>
    public string? FileName { get; }

    /// <summary>The byte offset of the problem within the file.</summary>
    public long Offset { get; }
}
