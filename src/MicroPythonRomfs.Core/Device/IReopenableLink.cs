namespace MicroPythonRomfs.Device;

/// <summary>
/// A link that the board closes when it soft-resets and that can be opened again: WebREPL, whose server is restarted
/// by the reset. The raw-REPL session reopens it after a soft reset instead of waiting for the reboot banner.
/// </summary>
public interface IReopenableLink : IDeviceLink
{
    /// <summary>Whether a soft reset closes the link (the board's REPL output after the reset is never seen).</summary>
    bool ClosesOnSoftReset { get; }

    /// <summary>
    /// Waits (bounded) for the board to close the current connection, then connects and logs in again. Bytes
    /// still unread from the old connection are discarded.
    /// </summary>
    /// <param name="cancellationToken">Abandons the attempt.</param>
    /// <returns>A task that completes when the link is open again.</returns>
    /// <exception cref="DeviceConnectionException">The board could not be reached again.</exception>
    /// <exception cref="DeviceTimeoutException">The board did not come back in time.</exception>
    /// <exception cref="DeviceAuthenticationException">The board refused the password.</exception>
    Task ReopenAsync(CancellationToken cancellationToken);
}
