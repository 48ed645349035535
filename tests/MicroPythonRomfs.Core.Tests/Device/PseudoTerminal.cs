using System.Runtime.InteropServices;

namespace MicroPythonRomfs.Tests.Device;

/// <summary>A pseudo-terminal pair made with posix_openpt; the test plays the board on the master side.</summary>
internal sealed unsafe class PseudoTerminal : IDisposable
{
    private int _master;

    public PseudoTerminal()
    {
        _master = posix_openpt(2 | 0x100);
        if (_master < 0 || grantpt(_master) != 0 || unlockpt(_master) != 0)
        {
            throw new InvalidOperationException("posix_openpt failed: errno " + Marshal.GetLastWin32Error());
        }

        // Close-on-exec, so emulators that parallel tests start do not keep this pty's master open.
        fcntl(_master, 2, 1);
        SlavePath = Marshal.PtrToStringAnsi(ptsname(_master)) ?? throw new InvalidOperationException("ptsname failed");
    }

    public string SlavePath { get; }

    public void Write(byte[] bytes)
    {
        fixed (byte* p = bytes)
        {
            if (write(_master, p, bytes.Length) != bytes.Length)
            {
                throw new IOException("write to the pty master failed");
            }
        }
    }

    /// <summary>Reads what the link sent, waiting up to the timeout for the expected count.</summary>
    public byte[] Read(int expected, TimeSpan timeout)
    {
        var result = new List<byte>();
        var buffer = new byte[4096];
        var deadline = DateTime.UtcNow + timeout;
        while (result.Count < expected && DateTime.UtcNow < deadline)
        {
            var fd = new PollFd { Fd = _master, Events = 1 };
            if (poll(&fd, 1, 50) <= 0)
            {
                continue;
            }

            fixed (byte* p = buffer)
            {
                var n = read(_master, p, buffer.Length);
                if (n > 0)
                {
                    result.AddRange(buffer.Take((int)n));
                }
            }
        }

        return result.ToArray();
    }

    public void Dispose()
    {
        if (_master >= 0)
        {
            close(_master);
            _master = -1;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short REvents;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int posix_openpt(int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int fcntl(int fd, int command, int argument);

    [DllImport("libc", SetLastError = true)]
    private static extern int grantpt(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int unlockpt(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern IntPtr ptsname(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern nint write(int fd, byte* buffer, nint count);

    [DllImport("libc", SetLastError = true)]
    private static extern nint read(int fd, byte* buffer, nint count);

    [DllImport("libc", SetLastError = true)]
    private static extern int poll(PollFd* fds, nuint count, int timeout);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);
}
