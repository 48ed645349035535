namespace MicroPythonRomfs.Device;

/// <summary>
/// A link with its own way to store a file on the board, beside the REPL: WebREPL's binary file protocol ('WA' put),
/// which the board's server writes straight to its filesystem, far faster than bytes pushed through the REPL's
/// small input buffer. Used while the board waits at the raw REPL prompt.
/// </summary>
public interface IFileTransferLink : IDeviceLink
{
    /// <summary>The longest file name (bytes of ASCII) the board takes.</summary>
    int MaxFileNameLength { get; }

    /// <summary>Stores bytes as a file on the board's filesystem, replacing any file of that name.</summary>
    /// <param name="path">The board's path, ASCII, at most <see cref="MaxFileNameLength"/> bytes.</param>
    /// <param name="data">The bytes.</param>
    /// <param name="offset">The first index of <paramref name="data"/> to send.</param>
    /// <param name="count">How many bytes.</param>
    /// <param name="cancellationToken">Abandons the transfer (the link is then closed: the board would take the
    /// REPL's next bytes as file data).</param>
    /// <returns>A task that completes when the board has said the file is written.</returns>
    /// <exception cref="DeviceConnectionException">The link failed or the board refused the file.</exception>
    /// <exception cref="DeviceTimeoutException">The board did not answer in time.</exception>
    Task PutFileAsync(string path, byte[] data, int offset, int count, CancellationToken cancellationToken);
}
