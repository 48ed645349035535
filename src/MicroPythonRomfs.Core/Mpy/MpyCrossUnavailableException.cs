namespace MicroPythonRomfs.Mpy;

/// <summary>Raised when the program given as <c>mpy-cross</c> cannot be started or does not behave like mpy-cross.</summary>
public sealed class MpyCrossUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="executablePath">The program concerned.</param>
    /// <param name="message">A complete sentence that names <paramref name="executablePath"/>.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public MpyCrossUnavailableException(string executablePath, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ExecutablePath = executablePath;
    }

    /// <summary>The program concerned.</summary>
    public string ExecutablePath { get; }
}
