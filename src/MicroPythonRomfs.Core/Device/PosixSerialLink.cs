using System.Runtime.InteropServices;

namespace MicroPythonRomfs.Device;

/// <summary>
/// A serial port or pseudo-terminal opened through libc on Linux and macOS: raw mode (cfmakeraw), the requested baud
/// rate, no hardware flow control, and an exclusive open (<c>flock</c> as pyserial does, plus <c>TIOCEXCL</c>), so a
/// second program cannot interleave bytes with ours. Reads wait with <c>poll</c>.
/// </summary>
public sealed unsafe class PosixSerialLink : IDeviceLink
{
    private const int PollSliceMilliseconds = 50;

    private readonly object _readLock = new();
    private readonly object _writeLock = new();
    private readonly int _fd;
    private volatile bool _closed;
    private bool _disposed;

    private PosixSerialLink(int fd, string description)
    {
        _fd = fd;
        Description = description;
    }

    /// <summary>Whether this system has the libc calls this link uses (Linux and macOS).</summary>
    public static bool IsSupported => PosixNative.IsSupported;

    /// <inheritdoc/>
    public string Description { get; }

    /// <inheritdoc/>
    public bool IsOpen => !_closed;

    /// <summary>Opens a serial device exclusively in raw mode.</summary>
    /// <param name="path">The device, for example <c>/dev/ttyACM0</c>.</param>
    /// <param name="baudRate">The baud rate, for example 115200.</param>
    /// <returns>The open link.</returns>
    /// <exception cref="DeviceConnectionException">The device does not exist, is in use, cannot be accessed or is not a terminal.</exception>
    /// <exception cref="PlatformNotSupportedException">The system is neither Linux nor macOS.</exception>
    public static PosixSerialLink Open(string path, int baudRate)
    {
        if (path is null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        if (!IsSupported)
        {
            throw new PlatformNotSupportedException($"{path}: POSIX serial ports are supported on Linux and macOS only.");
        }

        var fd = PosixNative.Open(path, PosixNative.ORdWr | PosixNative.ONoCtty | PosixNative.ONonBlock | PosixNative.OCloExec);
        if (fd < 0)
        {
            var errno = Marshal.GetLastWin32Error();
            throw new DeviceConnectionException(path, errno switch
            {
                PosixNative.ENoEnt => $"{path} does not exist. Check the port name (Get-MicroPythonPort or 'mpromfs devs' lists the ports) and that the board is plugged in.",
                PosixNative.EAccess => $"{path} cannot be opened: permission denied. On Linux, add your user to the group that owns the port (often 'dialout') and log in again.",
                PosixNative.EBusy => $"{path} is in use by another program.",
                _ => $"{path} cannot be opened: {PosixNative.Describe(errno)}.",
            });
        }

        try
        {
            if (PosixNative.Flock(fd, PosixNative.LockExclusive | PosixNative.LockNonBlocking) != 0)
            {
                var errno = Marshal.GetLastWin32Error();
                throw new DeviceConnectionException(path, errno == PosixNative.EAgain
                    ? $"{path} is in use by another program (it holds an exclusive lock on the port). Close the other program, such as a terminal, mpremote or another session, and try again."
                    : $"{path} cannot be locked for exclusive use: {PosixNative.Describe(errno)}.");
            }

            var termios = stackalloc byte[PosixNative.TermiosBufferSize];
            if (PosixNative.TcGetAttr(fd, termios) != 0)
            {
                var errno = Marshal.GetLastWin32Error();
                throw new DeviceConnectionException(path, $"{path} is not a serial port or terminal: {PosixNative.Describe(errno)}.");
            }

            // TIOCEXCL stops other non-root programs from opening the port; flock above covers cooperative ones.
            _ = PosixNative.Ioctl(fd, PosixNative.TiocExcl);

            PosixNative.CfMakeRaw(termios);
            var cflag = (uint*)(termios + PosixNative.CflagOffset);
            *cflag = (*cflag | PosixNative.CLocal | PosixNative.CRead) & ~PosixNative.CRtsCts;
            if (PosixNative.CfSetSpeed(termios, (nuint)baudRate) != 0)
            {
                throw new DeviceConnectionException(path, $"{path} does not support the baud rate {baudRate}.");
            }

            if (PosixNative.TcSetAttr(fd, PosixNative.TcsaNow, termios) != 0)
            {
                var errno = Marshal.GetLastWin32Error();
                throw new DeviceConnectionException(path, $"{path} cannot be set to raw mode at {baudRate} baud: {PosixNative.Describe(errno)}.");
            }

            return new PosixSerialLink(fd, path);
        }
        catch
        {
            PosixNative.Close(fd);
            throw;
        }
    }

    /// <inheritdoc/>
    public Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        TcpDeviceLink.ValidateBuffer(buffer, offset, count);
        return Task.Run(() => Read(buffer, offset, count, cancellationToken), CancellationToken.None);
    }

    /// <inheritdoc/>
    public Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        TcpDeviceLink.ValidateBuffer(buffer, offset, count);
        return Task.Run(() => Write(buffer, offset, count, cancellationToken), CancellationToken.None);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _closed = true;
        lock (_readLock)
        {
            lock (_writeLock)
            {
                if (!_disposed)
                {
                    _disposed = true;
                    PosixNative.Close(_fd);
                }
            }
        }
    }

    private int Read(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lock (_readLock)
            {
                ThrowIfClosed();
                var pollFd = new PosixNative.PollFd { Fd = _fd, Events = PosixNative.PollIn };
                var ready = PosixNative.Poll(&pollFd, 1, PollSliceMilliseconds);
                if (ready < 0)
                {
                    var errno = Marshal.GetLastWin32Error();
                    if (errno == PosixNative.EIntr)
                    {
                        continue;
                    }

                    throw Lost("waiting for data", errno);
                }

                if (ready == 0)
                {
                    continue;
                }

                if ((pollFd.REvents & PosixNative.PollIn) == 0 && (pollFd.REvents & (PosixNative.PollErr | PosixNative.PollHup | PosixNative.PollNval)) != 0)
                {
                    _closed = true;
                    throw new DeviceConnectionException(Description, $"{Description} was disconnected (the device or the other end of the terminal went away).");
                }

                fixed (byte* pointer = &buffer[offset])
                {
                    var received = PosixNative.Read(_fd, pointer, count);
                    if (received > 0)
                    {
                        return (int)received;
                    }

                    if (received == 0)
                    {
                        _closed = true;
                        throw new DeviceConnectionException(Description, $"{Description} was disconnected.");
                    }

                    var errno = Marshal.GetLastWin32Error();
                    if (errno == PosixNative.EAgain || errno == PosixNative.EIntr)
                    {
                        continue;
                    }

                    throw Lost("receiving", errno);
                }
            }
        }
    }

    private void Write(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        var sent = 0;
        while (sent < count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lock (_writeLock)
            {
                ThrowIfClosed();
                fixed (byte* pointer = &buffer[offset + sent])
                {
                    var written = PosixNative.Write(_fd, pointer, count - sent);
                    if (written >= 0)
                    {
                        sent += (int)written;
                        continue;
                    }
                }

                var errno = Marshal.GetLastWin32Error();
                if (errno == PosixNative.EIntr)
                {
                    continue;
                }

                if (errno != PosixNative.EAgain)
                {
                    throw Lost("sending", errno);
                }

                var pollFd = new PosixNative.PollFd { Fd = _fd, Events = PosixNative.PollOut };
                _ = PosixNative.Poll(&pollFd, 1, PollSliceMilliseconds);
            }
        }
    }

    private DeviceConnectionException Lost(string step, int errno)
    {
        _closed = true;
        return new DeviceConnectionException(Description, $"The connection to {Description} failed while {step}: {PosixNative.Describe(errno)}.");
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new DeviceConnectionException(Description, $"The connection to {Description} is closed.");
        }
    }
}
