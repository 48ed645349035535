namespace MicroPythonRomfs.Partitions.Transfer;

/// <summary>
/// The byte stuffing of <see cref="PartitionScripts.StuffedReader"/>: binary data that crosses a raw REPL's output
/// intact on boards whose stdout turns 0x0a into 0x0d 0x0a.
/// </summary>
public static class StuffedBytes
{
    /// <summary>The escape byte.</summary>
    public const byte Escape = 0x1B;

    /// <summary>Stuffs bytes as the board does.</summary>
    /// <param name="data">The bytes.</param>
    /// <returns>The stuffed bytes, free of 0x04, 0x0a and 0x0d.</returns>
    public static byte[] Encode(ReadOnlySpan<byte> data)
    {
        var output = new List<byte>(data.Length + (data.Length / 32));
        foreach (var b in data)
        {
            if (b is Escape or 0x04 or 0x0A or 0x0D)
            {
                output.Add(Escape);
                output.Add((byte)(b ^ 0x40));
            }
            else
            {
                output.Add(b);
            }
        }

        return output.ToArray();
    }

    /// <summary>Undoes <see cref="Encode"/>.</summary>
    /// <param name="stuffed">The stuffed bytes.</param>
    /// <returns>The original bytes, or <see langword="null"/> when the input is not valid stuffing (an escape at the
    /// end, or a byte that should have been escaped).</returns>
    public static byte[]? Decode(ReadOnlySpan<byte> stuffed)
    {
        var output = new byte[stuffed.Length];
        var n = 0;
        for (var i = 0; i < stuffed.Length; i++)
        {
            var b = stuffed[i];
            if (b == Escape)
            {
                if (++i == stuffed.Length)
                {
                    return null;
                }

                var original = (byte)(stuffed[i] ^ 0x40);
                if (original is not (Escape or 0x04 or 0x0A or 0x0D))
                {
                    return null;
                }

                output[n++] = original;
            }
            else if (b is 0x04 or 0x0A or 0x0D)
            {
                return null;
            }
            else
            {
                output[n++] = b;
            }
        }

        Array.Resize(ref output, n);
        return output;
    }
}
