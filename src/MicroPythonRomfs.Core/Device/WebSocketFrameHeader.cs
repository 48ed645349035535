namespace MicroPythonRomfs.Device;

/// <summary>The header of one websocket frame as the server sent it; parsing is bounded (at most 14 bytes are read).</summary>
internal readonly struct WebSocketFrameHeader
{
    /// <summary>The longest header: 2 bytes, an 8-byte length, a 4-byte mask.</summary>
    public const int MaxLength = 14;

    private WebSocketFrameHeader(WebSocketOpcode opcode, bool final, long payloadLength, int headerLength, byte[]? mask)
    {
        Opcode = opcode;
        Final = final;
        PayloadLength = payloadLength;
        HeaderLength = headerLength;
        Mask = mask;
    }

    public WebSocketOpcode Opcode { get; }

    public bool Final { get; }

    public long PayloadLength { get; }

    public int HeaderLength { get; }

    /// <summary>The masking key when the frame is masked (servers do not mask; a server that does is still read).</summary>
    public byte[]? Mask { get; }

    public bool IsControl => ((int)Opcode & 0x8) != 0;

    /// <summary>Reads a header from the start of <paramref name="bytes"/>.</summary>
    /// <returns><see langword="false"/> when more bytes are needed.</returns>
    /// <exception cref="FormatException">The bytes are not a websocket frame header this client can take.</exception>
    public static bool TryParse(byte[] bytes, int offset, int count, out WebSocketFrameHeader header)
    {
        header = default;
        if (count < 2)
        {
            return false;
        }

        var first = bytes[offset];
        var second = bytes[offset + 1];
        if ((first & 0x70) != 0)
        {
            throw new FormatException($"the frame sets reserved bits (first byte 0x{first:x2}); no extension was agreed.");
        }

        var opcode = first & 0x0F;
        if (opcode is > 2 and < 8 or > 10)
        {
            throw new FormatException($"the frame has the unknown opcode {opcode}.");
        }

        var masked = (second & 0x80) != 0;
        var length = (long)(second & 0x7F);
        var needed = 2 + (length == 126 ? 2 : length == 127 ? 8 : 0) + (masked ? 4 : 0);
        if (count < needed)
        {
            return false;
        }

        var position = offset + 2;
        if (length == 126)
        {
            length = (bytes[position] << 8) | bytes[position + 1];
            position += 2;
        }
        else if (length == 127)
        {
            length = 0;
            for (var i = 0; i < 8; i++)
            {
                length = (length << 8) | bytes[position + i];
            }

            if (length < 0)
            {
                throw new FormatException("the frame's 64-bit length has its top bit set.");
            }

            position += 8;
        }

        byte[]? mask = null;
        if (masked)
        {
            mask = new byte[4];
            Buffer.BlockCopy(bytes, position, mask, 0, 4);
        }

        if (((int)opcode & 0x8) != 0 && (length > 125 || (first & 0x80) == 0))
        {
            throw new FormatException($"the control frame (opcode {opcode}) is fragmented or longer than 125 bytes.");
        }

        header = new WebSocketFrameHeader((WebSocketOpcode)opcode, (first & 0x80) != 0, length, needed, mask);
        return true;
    }
}
