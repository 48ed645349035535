namespace MicroPythonRomfs.Partitions.Transfer;

/// <summary>Writes bits least-significant first, as the deflate format (RFC 1951) packs them.</summary>
internal sealed class DeflateBitWriter
{
    private readonly List<byte> _bytes;
    private uint _buffer;
    private int _count;

    public DeflateBitWriter(int capacity) => _bytes = new List<byte>(capacity);

    /// <summary>The number of bits written so far.</summary>
    public long BitLength => (_bytes.Count * 8L) + _count;

    public void WriteBits(uint value, int bitCount)
    {
        _buffer |= value << _count;
        _count += bitCount;
        while (_count >= 8)
        {
            _bytes.Add((byte)_buffer);
            _buffer >>= 8;
            _count -= 8;
        }
    }

    /// <summary>Huffman codes are defined most-significant bit first, so they go out reversed.</summary>
    public void WriteCode(uint code, int length)
    {
        uint reversed = 0;
        for (var i = 0; i < length; i++)
        {
            reversed = (reversed << 1) | ((code >> i) & 1);
        }

        WriteBits(reversed, length);
    }

    public void AlignToByte()
    {
        if (_count > 0)
        {
            WriteBits(0, 8 - _count);
        }
    }

    public void WriteAlignedBytes(ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            _bytes.Add(b);
        }
    }

    public byte[] ToArray()
    {
        AlignToByte();
        return _bytes.ToArray();
    }
}
