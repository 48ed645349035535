namespace MicroPythonRomfs.Partitions.Transfer;

/// <summary>
/// The frames of the binary transfer that <see cref="PartitionScripts.BinaryReceiver"/> reads: a 13-byte
/// little-endian header (sequence u16, flags u8, payload length u16, chunk offset u32, CRC-32 u32 of the first nine
/// header bytes and the payload) and the payload.
/// </summary>
internal static class BinaryFrame
{
    public const int HeaderLength = 13;

    /// <summary>The payload is raw deflate (window bits 9) of the chunk.</summary>
    public const byte Compressed = 1;

    /// <summary>The last frame of a chunk: the board writes the chunk.</summary>
    public const byte EndOfChunk = 2;

    /// <summary>The last frame of the transfer.</summary>
    public const byte EndOfTransfer = 4;

    /// <summary>Abandons the transfer (cancellation, or after a failed write).</summary>
    public const byte Abort = 8;

    /// <summary>
    /// What the board looks for after a bad frame; an epoch byte follows it. Its first byte occurs once, so the
    /// board's byte-by-byte matcher needs no backtracking table; none of its bytes is a raw-REPL control byte.
    /// </summary>
    public static readonly byte[] Sync = { 0xE7, 0x19, 0x7C, 0xA2, 0x3B, 0xD4 };

    /// <summary>Builds one frame.</summary>
    public static byte[] Create(int sequence, byte flags, long offset, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[HeaderLength + payload.Length];
        frame[0] = (byte)sequence;
        frame[1] = (byte)(sequence >> 8);
        frame[2] = flags;
        frame[3] = (byte)payload.Length;
        frame[4] = (byte)(payload.Length >> 8);
        frame[5] = (byte)offset;
        frame[6] = (byte)(offset >> 8);
        frame[7] = (byte)(offset >> 16);
        frame[8] = (byte)(offset >> 24);
        payload.CopyTo(frame.AsSpan(HeaderLength));
        var crc = Crc32.Update(Crc32.Update(0, frame.AsSpan(0, 9)), payload);
        frame[9] = (byte)crc;
        frame[10] = (byte)(crc >> 8);
        frame[11] = (byte)(crc >> 16);
        frame[12] = (byte)(crc >> 24);
        return frame;
    }

    /// <summary>The sync pattern followed by an epoch byte.</summary>
    public static byte[] SyncWithEpoch(int epoch)
    {
        var bytes = new byte[Sync.Length + 1];
        Sync.CopyTo(bytes, 0);
        bytes[Sync.Length] = (byte)epoch;
        return bytes;
    }
}
