namespace MicroPythonRomfs.Device;

/// <summary>Thrown when text from a board is not a Python literal that <see cref="PythonLiteral"/> can read.</summary>
public sealed class PythonLiteralException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was wrong, without the offset (it is appended).</param>
    /// <param name="offset">The character offset in the parsed text where the problem was found.</param>
    public PythonLiteralException(string message, int offset)
        : base($"{message} at offset {offset}.")
    {
        Offset = offset;
    }

    // For a caller that wraps a parse error with more context; the message is used as given.
    internal PythonLiteralException(string message, int offset, Exception innerException)
        : base(message, innerException)
    {
        Offset = offset;
    }

    /// <summary>The character offset in the parsed text where the problem was found.</summary>
    public int Offset { get; }
}
