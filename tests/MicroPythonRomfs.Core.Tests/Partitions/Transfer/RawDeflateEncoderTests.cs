using FsCheck;
using FsCheck.Fluent;
using System.IO.Compression;
using MicroPythonRomfs.Partitions.Transfer;

namespace MicroPythonRomfs.Tests.Partitions.Transfer;

public class RawDeflateEncoderTests
{
    public static TheoryData<string> VectorImages() => new()
    {
        "basic.mpy.romfs", "basic.nompy.romfs", "big.mpy.romfs", "deep.mpy.romfs", "names.mpy.romfs", "premade.nompy.romfs", "empty.mpy.romfs",
    };

    [Theory]
    [MemberData(nameof(VectorImages))]
    public void Compress_RoundTripsThroughAStandardInflater_ForEveryVectorImage(string image)
    {
        var data = File.ReadAllBytes(TestPaths.VectorImage(image));
        for (var offset = 0; offset < Math.Max(1, data.Length); offset += 4096)
        {
            var chunk = new byte[4096];
            Array.Copy(data, offset, chunk, 0, Math.Min(4096, data.Length - offset));
            Assert.Equal(chunk, Inflate(RawDeflateEncoder.Compress(chunk)));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(100)]
    [InlineData(70000)]
    public void Compress_RoundTrips_ForEdgeLengthsOfRandomAndConstantData(int length)
    {
        var random = new byte[length];
        new Random(length).NextBytes(random);
        Assert.Equal(random, Inflate(RawDeflateEncoder.Compress(random)));

        var constant = Enumerable.Repeat((byte)0x41, length).ToArray();
        Assert.Equal(constant, Inflate(RawDeflateEncoder.Compress(constant)));
    }

    [Fact]
    public void Compress_ShrinksRepetitiveText_AndNeverGrowsRandomDataByMoreThanAStoredHeader()
    {
        var text = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("def read(sensor):\n    return sensor.value()\n", 100)));
        Assert.True(RawDeflateEncoder.Compress(text).Length < text.Length / 10);

        var random = new byte[4096];
        new Random(7).NextBytes(random);
        Assert.True(RawDeflateEncoder.Compress(random).Length <= random.Length + 5);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(12)]
    public void FindMatches_NeverReachesFurtherBackThanTheWindow(int windowBits)
    {
        // Repeats at a period just beyond the window tempt the matcher to reach too far.
        var period = (1 << windowBits) + 3;
        var pattern = new byte[period];
        new Random(windowBits).NextBytes(pattern);
        var data = Enumerable.Range(0, 8).SelectMany(_ => pattern).ToArray();

        var tokens = RawDeflateEncoder.FindMatches(data, (1 << windowBits) - 1);

        Assert.All(tokens, t => Assert.InRange(t.Distance, 0, (1 << windowBits) - 1));
        Assert.Equal(data, Inflate(RawDeflateEncoder.Compress(data, windowBits)));
    }

    [Fact]
    public void Compress_RoundTrips_ForRandomInputsWithRepeats()
    {
        Prop.ForAll(
            ArbMap.Default.ArbFor<byte[]>(),
            (byte[] seed) =>
            {
                var data = seed.Concat(seed).Concat(seed.Reverse()).ToArray();
                return Inflate(RawDeflateEncoder.Compress(data)).SequenceEqual(data);
            }).QuickCheckThrowOnFailure();
    }

    private static byte[] Inflate(byte[] compressed)
    {
        using var input = new DeflateStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
