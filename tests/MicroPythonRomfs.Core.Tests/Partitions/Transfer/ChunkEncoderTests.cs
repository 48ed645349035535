using System.IO.Compression;
using System.Text.RegularExpressions;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Partitions.Transfer;

namespace MicroPythonRomfs.Tests.Partitions.Transfer;

public class ChunkEncoderTests
{
    private static readonly byte[] Awkward = Enumerable.Range(0, 256).Select(i => (byte)i).Concat(new byte[] { 3, 4, 0xff, (byte)'\'', (byte)'\\', 10, 13 }).ToArray();

    [Theory]
    [InlineData(TextTransferEncoding.DeflateBase64)]
    [InlineData(TextTransferEncoding.Base64)]
    [InlineData(TextTransferEncoding.Hex)]
    [InlineData(TextTransferEncoding.BytesLiteral)]
    public void Encode_GivesPrintableAsciiThatDecodesToTheChunk(TextTransferEncoding encoding)
    {
        var expression = ChunkEncoder.Encode(encoding, Awkward);

        Assert.All(expression, c => Assert.InRange(c, ' ', '~'));
        Assert.Equal(Awkward, Decode(expression));
    }

    [Fact]
    public void Encode_DeflateBase64_CompressesRepetitiveData_AndIsNeverLongerThanBase64()
    {
        var zeros = new byte[4096];
        var random = new byte[4096];
        new Random(1).NextBytes(random);

        var compressed = ChunkEncoder.Encode(TextTransferEncoding.DeflateBase64, zeros);
        var plain = ChunkEncoder.Encode(TextTransferEncoding.DeflateBase64, random);

        Assert.StartsWith("z(b'", compressed);
        Assert.True(compressed.Length < 100, compressed);
        Assert.True(plain.Length <= ChunkEncoder.Encode(TextTransferEncoding.Base64, random).Length);
        Assert.Equal(random, Decode(plain));
        Assert.Equal(zeros, Decode(compressed));
    }

    /// <summary>Evaluates the four expression shapes the encoder emits, as the board would.</summary>
    internal static byte[] Decode(string expression)
    {
        var match = Regex.Match(expression, @"^(z|_A)\(b'([A-Za-z0-9+/=]*)'\)$");
        if (match.Success)
        {
            var data = Convert.FromBase64String(match.Groups[2].Value);
            if (match.Groups[1].Value == "_A")
            {
                return data;
            }

            using var inflater = new DeflateStream(new MemoryStream(data), CompressionMode.Decompress);
            using var output = new MemoryStream();
            inflater.CopyTo(output);
            return output.ToArray();
        }

        match = Regex.Match(expression, @"^bytes\.fromhex\('([0-9a-f]*)'\)$");
        if (match.Success)
        {
            return Enumerable.Range(0, match.Groups[1].Length / 2).Select(i => Convert.ToByte(match.Groups[1].Value.Substring(i * 2, 2), 16)).ToArray();
        }

        return (byte[])PythonLiteral.Parse(expression)!;
    }
}
