namespace MicroPythonRomfs.Device;

/// <summary>
/// A byte stream to a board: a serial port, a pseudo-terminal or a TCP socket. The raw-REPL session sees only this.
/// </summary>
/// <remarks>
/// Reads and writes take a <see cref="CancellationToken"/>; callers put their timeouts on it
/// (<see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/>), so every wait is bounded. A cancelled read loses no
/// byte: whatever arrives later is returned by the next read.
/// </remarks>
public interface IDeviceLink : IDisposable
{
    /// <summary>The port as the user named it, for example <c>COM3</c>, <c>/dev/ttyACM0</c> or
    /// <c>socket://127.0.0.1:4000</c>; every error message about this link names it.</summary>
    string Description { get; }

    /// <summary>Whether the link is open (it has not been disposed and the other end has not closed it).</summary>
    bool IsOpen { get; }

    /// <summary>Waits until at least one byte has arrived and copies what is there, up to <paramref name="count"/> bytes.</summary>
    /// <param name="buffer">Where to put the bytes.</param>
    /// <param name="offset">The first index of <paramref name="buffer"/> to fill.</param>
    /// <param name="count">The most bytes to copy; at least 1.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    /// <returns>The number of bytes copied, at least 1.</returns>
    /// <exception cref="DeviceConnectionException">The connection was closed or failed.</exception>
    Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken);

    /// <summary>Sends bytes, returning when the link has accepted all of them.</summary>
    /// <param name="buffer">The bytes.</param>
    /// <param name="offset">The first index of <paramref name="buffer"/> to send.</param>
    /// <param name="count">How many bytes to send.</param>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    /// <returns>A task that completes when the bytes have been handed to the operating system.</returns>
    /// <exception cref="DeviceConnectionException">The connection was closed or failed.</exception>
    Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken);
}
