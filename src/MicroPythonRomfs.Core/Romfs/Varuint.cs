namespace MicroPythonRomfs.Romfs;

/// <summary>
/// The ROMFS variable-length unsigned integer: big-endian groups of 7 bits, the high bit of a byte set when
/// more bytes follow. Leading <c>0x80</c> bytes add width without changing the value, which the device reader
/// accepts; the writer uses that to pad.
/// </summary>
public static class Varuint
{
    /// <summary>The most bytes a minimal encoding of a 64-bit value takes.</summary>
    public const int MaxEncodedLength = 10;

    /// <summary>Returns how many bytes the minimal encoding of <paramref name="value"/> takes.</summary>
    /// <param name="value">The value to encode.</param>
    /// <returns>1 to 10.</returns>
    public static int GetEncodedLength(ulong value)
    {
        var length = 1;
        while ((value >>= 7) != 0)
        {
            length++;
        }

        return length;
    }

    /// <summary>Writes <paramref name="value"/> at the start of <paramref name="destination"/>, padded with leading
    /// <c>0x80</c> bytes to at least <paramref name="width"/> bytes.</summary>
    /// <param name="destination">Where to write; must be large enough.</param>
    /// <param name="value">The value.</param>
    /// <param name="width">The minimum number of bytes to write; 0 or 1 for the minimal encoding.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small.</exception>
    public static int Write(Span<byte> destination, ulong value, int width = 0)
    {
        var minimal = GetEncodedLength(value);
        var total = Math.Max(minimal, width);
        if (destination.Length < total)
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; the value needs {total}.", nameof(destination));
        }

        var padding = total - minimal;
        for (var i = 0; i < padding; i++)
        {
            destination[i] = 0x80;
        }

        for (var i = total - 1; i >= padding; i--)
        {
            var group = (byte)(value & 0x7F);
            destination[i] = i == total - 1 ? group : (byte)(group | 0x80);
            value >>= 7;
        }

        return total;
    }

    /// <summary>Encodes <paramref name="value"/> minimally.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The encoded bytes.</returns>
    public static byte[] Encode(ulong value)
    {
        var bytes = new byte[GetEncodedLength(value)];
        Write(bytes, value);
        return bytes;
    }

    /// <summary>Reads a varuint from <paramref name="source"/> starting at <paramref name="position"/>.</summary>
    /// <param name="source">The bytes to read.</param>
    /// <param name="position">Where to start; on success, moved past the varuint.</param>
    /// <param name="limit">The index the varuint must end before (for example the end of the enclosing record).</param>
    /// <param name="value">The value read.</param>
    /// <returns>
    /// <see cref="VaruintReadStatus.Success"/>, <see cref="VaruintReadStatus.Truncated"/> when the bytes end (or reach
    /// <paramref name="limit"/>) before the last byte, or <see cref="VaruintReadStatus.Overflow"/> when the value does not fit in 63 bits.
    /// </returns>
    public static VaruintReadStatus TryRead(ReadOnlySpan<byte> source, ref int position, int limit, out long value)
    {
        value = 0;
        var end = Math.Min(limit, source.Length);
        var p = position;
        ulong accumulated = 0;
        while (true)
        {
            if (p >= end)
            {
                return VaruintReadStatus.Truncated;
            }

            var b = source[p++];
            if ((accumulated >> 56) != 0)
            {
                return VaruintReadStatus.Overflow;
            }

            accumulated = (accumulated << 7) | (uint)(b & 0x7F);
            if ((b & 0x80) == 0)
            {
                break;
            }
        }

        if (accumulated > long.MaxValue)
        {
            return VaruintReadStatus.Overflow;
        }

        position = p;
        value = (long)accumulated;
        return VaruintReadStatus.Success;
    }
}
