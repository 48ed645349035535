using System.Runtime.InteropServices;

namespace MicroPythonRomfs.Romfs;

/// <summary>
/// Tells FIFOs, devices and sockets from regular files without opening them: opening a FIFO waits for a writer
/// for ever, and reading a device may never end or may change the device. .NET reports all of them as plain files,
/// so this asks the C library (<c>statx</c> on Linux, <c>stat</c> on macOS). Windows folders hold none of them.
/// </summary>
internal static unsafe class SpecialFiles
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const int StatxModeOffset = 28;
    private const int MacStatModeOffset = 4;
    private const int StatBufferSize = 512;
    private const int TypeMask = 0xF000;

    private static readonly bool IsLinux = RuntimeInformation.IsOSPlatform(OSPlatform.Linux);
    private static readonly bool IsMacOS = RuntimeInformation.IsOSPlatform(OSPlatform.OSX);
    private static bool _unavailable;

    /// <summary>What kind of special file <paramref name="path"/> is (following links), or <see langword="null"/>
    /// for a regular file, a folder, a missing path, or where the system cannot tell.</summary>
    /// <param name="path">The path.</param>
    /// <returns>For example "a FIFO (named pipe)", or <see langword="null"/>.</returns>
    public static string? Describe(string path)
    {
        var mode = ReadMode(path);
        return mode switch
        {
            null => null,
            0x1000 => "a FIFO (named pipe)",
            0x2000 => "a character device",
            0x6000 => "a block device",
            0xC000 => "a socket",
            _ => null,
        };
    }

    /// <summary>Throws when <paramref name="path"/> is a FIFO, device or socket.</summary>
    /// <param name="path">The path to check.</param>
    /// <param name="what">What the path was meant to be, for the message ("a source file", "an image file").</param>
    /// <exception cref="RomfsSourceException">The path is a special file.</exception>
    public static void RefuseSpecial(string path, string what)
    {
        if (Describe(path) is { } kind)
        {
            throw new RomfsSourceException(path, $"'{path}' is {kind}, not a regular file, so it cannot be {what}; it was not opened. Remove it, or leave it out with an exclude pattern.");
        }
    }

    private static int? ReadMode(string path)
    {
        if (_unavailable || (!IsLinux && !IsMacOS))
        {
            return null;
        }

        var buffer = stackalloc byte[StatBufferSize];
        var name = new byte[System.Text.Encoding.UTF8.GetByteCount(path) + 1];
        System.Text.Encoding.UTF8.GetBytes(path, 0, path.Length, name, 0);
        try
        {
            fixed (byte* namePointer = name)
            {
                if (IsLinux)
                {
                    if (Statx(AtFdCwd, namePointer, 0, StatxType, buffer) != 0)
                    {
                        return null;
                    }

                    return *(ushort*)(buffer + StatxModeOffset) & TypeMask;
                }

                var result = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? MacStat64(namePointer, buffer) : MacStat(namePointer, buffer);
                return result != 0 ? null : *(ushort*)(buffer + MacStatModeOffset) & TypeMask;
            }
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException || ex is DllNotFoundException)
        {
            // An old C library without statx: the files are taken as they look to .NET.
            _unavailable = true;
            return null;
        }
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int directoryFd, byte* path, int flags, uint mask, byte* buffer);

    [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
    private static extern int MacStat(byte* path, byte* buffer);

    [DllImport("libc", EntryPoint = "stat$INODE64", SetLastError = true)]
    private static extern int MacStat64(byte* path, byte* buffer);
}
