using System.Runtime.InteropServices;

namespace MicroPythonRomfs.Tests.Romfs;

/// <summary>Creates files whose names are raw bytes (not valid UTF-8), which .NET's own APIs cannot express.</summary>
internal static class NativeFileNames
{
    public static void CreateFile(string directory, byte[] name)
    {
        var path = System.Text.Encoding.UTF8.GetBytes(directory + "/").Concat(name).Append((byte)0).ToArray();
        var fd = open(path, 0x41 /* O_WRONLY | O_CREAT */, 0x1A4 /* 0644 */);
        if (fd < 0)
        {
            throw new IOException($"open() failed with errno {Marshal.GetLastPInvokeError()}");
        }

        close(fd);
    }

    public static bool IsRoot => geteuid() == 0;

    [DllImport("libc", SetLastError = true)]
    private static extern int open(byte[] path, int flags, int mode);

    [DllImport("libc")]
    private static extern int close(int fd);

    [DllImport("libc")]
    private static extern uint geteuid();
}
