namespace MicroPythonRomfs.Tests.Romfs;

/// <summary>
/// An independent model of how the device looks a path up (upstream extmod/vfs_rom.c: the header check,
/// mp_decode_uint_checked, extract_record, extract_data, mp_vfs_rom_search_filesystem), written from the C
/// semantics rather than from our reader, so images we write can be checked against what a board would see.
/// </summary>
internal static class DeviceReaderModel
{
    public enum Stat
    {
        NoExist,
        File,
        Directory,
    }

    public static (Stat Stat, long Size, long DataOffset) Search(byte[] image, string path)
    {
        if (image.Length < 4 || image[0] != 0xD2 || image[1] != 0xCD || image[2] != 0x31)
        {
            return (Stat.NoExist, 0, 0);
        }

        var fs = 0;
        if (ExtractRecord(image, ref fs, out var fsTop, image.Length) != 0x14a6b1 || fsTop > image.Length)
        {
            return (Stat.NoExist, 0, 0);
        }

        var filesystem = fs;
        var pathBytes = System.Text.Encoding.UTF8.GetBytes(path.TrimStart('/'));
        var p = 0;
        var pathLength = pathBytes.Length;
        while (pathLength > 0 && fs < fsTop)
        {
            var kind = ExtractRecord(image, ref fs, out var next, fsTop);
            if (kind == 0)
            {
                return (Stat.NoExist, 0, 0);
            }

            if (kind == 4 || kind == 5)
            {
                if (!DecodeUint(image, ref fs, next, out var nameLength))
                {
                    return (Stat.NoExist, 0, 0);
                }

                var matches = (nameLength == pathLength || (nameLength < pathLength && pathBytes[p + nameLength] == '/'))
                    && image.AsSpan(fs, (int)nameLength).SequenceEqual(pathBytes.AsSpan(p, (int)nameLength));
                if (!matches)
                {
                    fs = next;
                    continue;
                }

                fs += (int)nameLength;
                fsTop = next;
                p += (int)nameLength;
                pathLength -= (int)nameLength;
                if (kind == 4)
                {
                    if (pathLength > 0 && pathBytes[p] == '/')
                    {
                        p++;
                        pathLength--;
                    }
                }
                else
                {
                    if (pathLength != 0)
                    {
                        return (Stat.NoExist, 0, 0);
                    }

                    return ExtractData(image, filesystem, fs, fsTop, out var size, out var offset) ? (Stat.File, size, offset) : (Stat.NoExist, 0, 0);
                }
            }
            else
            {
                fs = next;
            }
        }

        return pathLength == 0 ? (Stat.Directory, fsTop - fs, fs) : (Stat.NoExist, 0, 0);
    }

    private static bool ExtractData(byte[] image, int filesystem, int fs, int top, out long size, out long offset)
    {
        size = offset = 0;
        while (fs < top)
        {
            var kind = ExtractRecord(image, ref fs, out var next, top);
            if (kind == 0)
            {
                return false;
            }

            if (kind == 2)
            {
                size = next - fs;
                offset = fs;
                return true;
            }

            if (kind == 3)
            {
                if (!DecodeUint(image, ref fs, next, out var s) || !DecodeUint(image, ref fs, next, out var o))
                {
                    return false;
                }

                size = s;
                offset = filesystem + o;
                return true;
            }

            fs = next;
        }

        return false;
    }

    private static long ExtractRecord(byte[] image, ref int fs, out int next, int max)
    {
        next = fs;
        if (!DecodeUint(image, ref fs, max, out var kind) || !DecodeUint(image, ref fs, max, out var length))
        {
            return 0;
        }

        next = (int)Math.Min(int.MaxValue, fs + length);
        return kind;
    }

    private static bool DecodeUint(byte[] image, ref int p, int max, out long value)
    {
        value = 0;
        var q = p;
        byte b;
        do
        {
            if (q >= max)
            {
                return false;
            }

            b = image[q++];
            value = (value << 7) | (long)(b & 0x7F);
        }
        while ((b & 0x80) != 0);
        p = q;
        return true;
    }
}
