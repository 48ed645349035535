using System.Runtime.InteropServices;

namespace MicroPythonRomfs.Device;

/// <summary>
/// The few libc calls a POSIX serial link needs, with the constants that differ between Linux and macOS.
/// The termios structure is treated as an opaque buffer (cfmakeraw and cfsetspeed fill it); only c_cflag is
/// touched directly, at the offset each system uses.
/// </summary>
internal static unsafe class PosixNative
{
    public const int ORdWr = 2;
    public const short PollIn = 0x1;
    public const short PollOut = 0x4;
    public const short PollErr = 0x8;
    public const short PollHup = 0x10;
    public const short PollNval = 0x20;
    public const int LockExclusive = 2;
    public const int LockNonBlocking = 4;
    public const int TcsaNow = 0;
    public const int EIntr = 4;
    public const int ENoEnt = 2;
    public const int EAccess = 13;
    public const int EBusy = 16;

    // Larger than struct termios on either system (60 bytes on Linux, 72 on 64-bit macOS).
    public const int TermiosBufferSize = 256;

    public static readonly bool IsMacOS = RuntimeInformation.IsOSPlatform(OSPlatform.OSX);

    public static readonly bool IsSupported = IsMacOS || RuntimeInformation.IsOSPlatform(OSPlatform.Linux);

    public static int ONoCtty => IsMacOS ? 0x20000 : 0x100;

    public static int ONonBlock => IsMacOS ? 0x4 : 0x800;

    // Without it, every process the host starts while the port is open (PowerShell runs many) inherits the
    // descriptor and with it the exclusive lock, so the port stays "in use" after we close it.
    public static int OCloExec => IsMacOS ? 0x1000000 : 0x80000;

    public static int EAgain => IsMacOS ? 35 : 11;

    public static nuint TiocExcl => IsMacOS ? (nuint)0x2000740d : (nuint)0x540C;

    public static int CflagOffset => IsMacOS ? 16 : 8;

    public static uint CLocal => IsMacOS ? 0x8000u : 0x800u;

    public static uint CRead => IsMacOS ? 0x800u : 0x80u;

    public static uint CRtsCts => IsMacOS ? 0x30000u : 0x80000000u;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short REvents;
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    public static extern int Open([MarshalAs(UnmanagedType.LPStr)] string path, int flags);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    public static extern int Close(int fd);

    [DllImport("libc", EntryPoint = "read", SetLastError = true)]
    public static extern nint Read(int fd, byte* buffer, nint count);

    [DllImport("libc", EntryPoint = "write", SetLastError = true)]
    public static extern nint Write(int fd, byte* buffer, nint count);

    [DllImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static extern int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static extern int Ioctl(int fd, nuint request);

    [DllImport("libc", EntryPoint = "flock", SetLastError = true)]
    public static extern int Flock(int fd, int operation);

    [DllImport("libc", EntryPoint = "tcgetattr", SetLastError = true)]
    public static extern int TcGetAttr(int fd, byte* termios);

    [DllImport("libc", EntryPoint = "tcsetattr", SetLastError = true)]
    public static extern int TcSetAttr(int fd, int optionalActions, byte* termios);

    [DllImport("libc", EntryPoint = "cfmakeraw")]
    public static extern void CfMakeRaw(byte* termios);

    // glibc accepts a plain number (115200) as well as the B115200 constant; macOS speed_t is the number itself.
    [DllImport("libc", EntryPoint = "cfsetspeed", SetLastError = true)]
    public static extern int CfSetSpeed(byte* termios, nuint speed);

    [DllImport("libc", EntryPoint = "strerror")]
    private static extern IntPtr StrError(int errno);

    [DllImport("libc", EntryPoint = "realpath", SetLastError = true)]
    private static extern IntPtr RealPathNative([MarshalAs(UnmanagedType.LPStr)] string path, IntPtr resolved);

    [DllImport("libc", EntryPoint = "free")]
    private static extern void Free(IntPtr pointer);

    public static string Describe(int errno) => Marshal.PtrToStringAnsi(StrError(errno)) ?? "error " + errno;

    /// <summary>Resolves symbolic links the way the kernel does (sysfs is made of them); null when the path does not exist.</summary>
    public static string? RealPath(string path)
    {
        var resolved = RealPathNative(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringAnsi(resolved);
        }
        finally
        {
            Free(resolved);
        }
    }
}
