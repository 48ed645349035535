namespace MicroPythonRomfs.Device;

/// <summary>
/// The standard streams of a program running on the board, for code that exchanges raw bytes with it while it runs
/// (see <see cref="IDuplexPythonSession.ExecDuplexAsync"/>).
/// </summary>
public interface IProgramChannel
{
    /// <summary>Whether the program has ended (its standard output is closed).</summary>
    bool HasEnded { get; }

    /// <summary>Sends bytes to the program's standard input.</summary>
    /// <param name="buffer">The bytes.</param>
    /// <param name="offset">The first index of <paramref name="buffer"/> to send.</param>
    /// <param name="count">How many bytes.</param>
    /// <param name="cancellationToken">Abandons the write.</param>
    /// <returns>A task that completes when the link has accepted the bytes.</returns>
    Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken);

    /// <summary>Waits for what the program prints and copies what has arrived.</summary>
    /// <param name="buffer">Where to put the bytes.</param>
    /// <param name="offset">The first index of <paramref name="buffer"/> to fill.</param>
    /// <param name="count">The most bytes to copy; at least 1.</param>
    /// <param name="timeout">How long to wait for the first byte.</param>
    /// <param name="cancellationToken">Abandons the wait.</param>
    /// <returns>The number of bytes copied, or 0 once the program has ended.</returns>
    /// <exception cref="DeviceTimeoutException">Nothing arrived within <paramref name="timeout"/>.</exception>
    Task<int> ReadAsync(byte[] buffer, int offset, int count, TimeSpan timeout, CancellationToken cancellationToken);
}
