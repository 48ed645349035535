using System.Runtime.InteropServices;

namespace MicroPythonRomfs.Device;

/// <summary>
/// An advisory lock on a tty (flock, as pyserial takes it for mpremote), held for as long as a link has the port.
/// </summary>
/// <remarks>
/// Why on top of SerialPort: on Linux and macOS SerialPort makes the port exclusive with TIOCEXCL, which the kernel
/// does not apply to root, so a second tool run as root (CI, containers, many Raspberry Pis) would open a port that
/// is in the middle of a deploy and mix its bytes into it. The lock is taken before SerialPort opens the port, on a
/// descriptor of its own, and it also keeps mpremote out while we hold the port (and us out while it does).
/// </remarks>
internal sealed class SerialPortLock : IDisposable
{
    private int _fd;

    private SerialPortLock(int fd)
    {
        _fd = fd;
    }

    /// <summary>Takes the lock; null where there is nothing to lock (Windows, where opening a COM port is exclusive for
    /// everyone, or a path that cannot be opened, which SerialPort then reports).</summary>
    /// <exception cref="DeviceConnectionException">Another program holds the port.</exception>
    public static SerialPortLock? Acquire(string portName)
    {
        if (!PosixNative.IsSupported)
        {
            return null;
        }

        int fd;
        while ((fd = PosixNative.Open(portName, PosixNative.OpenLockFlags)) < 0 && Marshal.GetLastWin32Error() == PosixNative.EIntr)
        {
        }

        if (fd < 0)
        {
            if (Marshal.GetLastWin32Error() == PosixNative.EBusy)
            {
                throw InUse(portName);
            }

            return null;
        }

        int result;
        while ((result = PosixNative.Flock(fd, PosixNative.LockExclusive | PosixNative.LockNonBlocking)) < 0 && Marshal.GetLastWin32Error() == PosixNative.EIntr)
        {
        }

        if (result < 0)
        {
            var errno = Marshal.GetLastWin32Error();
            PosixNative.Close(fd);
            if (errno == PosixNative.EWouldBlock)
            {
                throw InUse(portName);
            }

            // A file system without flock: nothing to hold, SerialPort's own exclusivity still applies.
            return null;
        }

        return new SerialPortLock(fd);
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            PosixNative.Close(fd);
        }
    }

    private static DeviceConnectionException InUse(string portName) =>
        new(portName, $"{portName} is in use by another program (it holds the port open or locked). Close the other program and try again.");
}
