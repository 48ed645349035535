using System.Runtime.InteropServices;

namespace MicroPythonRomfs.Device;

/// <summary>The few libc calls serial ports need on Linux and macOS: realpath for the port catalog (sysfs is made
/// of symbolic links, including some in the middle of a path) and flock for the port lock.</summary>
internal static class PosixNative
{
    public const int LockExclusive = 2;
    public const int LockNonBlocking = 4;
    public const int ENoEnt = 2;
    public const int EIntr = 4;
    public const int EBusy = 16;

    public static readonly bool IsMacOS = RuntimeInformation.IsOSPlatform(OSPlatform.OSX);

    public static readonly bool IsSupported = IsMacOS || RuntimeInformation.IsOSPlatform(OSPlatform.Linux);

    // Read-only, not the controlling terminal, no wait for carrier, not inherited by processes the host starts.
    public static int OpenLockFlags => IsMacOS ? 0x20000 | 0x4 | 0x1000000 : 0x100 | 0x800 | 0x80000;

    public static int EWouldBlock => IsMacOS ? 35 : 11;

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    public static extern int Open([MarshalAs(UnmanagedType.LPStr)] string path, int flags);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    public static extern int Close(int fd);

    [DllImport("libc", EntryPoint = "flock", SetLastError = true)]
    public static extern int Flock(int fd, int operation);

    [DllImport("libc", EntryPoint = "realpath", SetLastError = true)]
    private static extern IntPtr RealPathNative([MarshalAs(UnmanagedType.LPStr)] string path, IntPtr resolved);

    [DllImport("libc", EntryPoint = "free")]
    private static extern void Free(IntPtr pointer);

    /// <summary>Resolves symbolic links the way the kernel does; null when the path does not exist.</summary>
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
