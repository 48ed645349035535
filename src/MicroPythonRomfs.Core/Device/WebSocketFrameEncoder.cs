using System.Security.Cryptography;

namespace MicroPythonRomfs.Device;

/// <summary>Builds the frames a websocket client sends: final, masked with a fresh random key each (RFC 6455 §5.3).</summary>
internal sealed class WebSocketFrameEncoder : IDisposable
{
    /// <summary>The largest payload put in one frame: its length fits the 16-bit form every WebREPL server reads.</summary>
    public const int MaxPayload = 65535;

    private readonly RandomNumberGenerator _random = RandomNumberGenerator.Create();
    private readonly byte[] _mask = new byte[4];

    /// <summary>One frame holding <paramref name="count"/> bytes (at most <see cref="MaxPayload"/>).</summary>
    public byte[] Encode(WebSocketOpcode opcode, byte[] payload, int offset, int count)
    {
        if (count < 0 || count > MaxPayload)
        {
            throw new ArgumentOutOfRangeException(nameof(count), "A frame holds at most 65535 bytes here.");
        }

        var headerLength = (count < 126 ? 2 : 4) + 4;
        var frame = new byte[headerLength + count];
        frame[0] = (byte)(0x80 | (int)opcode);
        if (count < 126)
        {
            frame[1] = (byte)(0x80 | count);
        }
        else
        {
            frame[1] = 0x80 | 126;
            frame[2] = (byte)(count >> 8);
            frame[3] = (byte)count;
        }

        _random.GetBytes(_mask);
        Buffer.BlockCopy(_mask, 0, frame, headerLength - 4, 4);
        for (var i = 0; i < count; i++)
        {
            frame[headerLength + i] = (byte)(payload[offset + i] ^ _mask[i & 3]);
        }

        return frame;
    }

    public void Dispose() => _random.Dispose();
}
