using FsCheck;
using FsCheck.Fluent;
using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.Tests.Romfs;

public class VaruintTests
{
    [Theory]
    [InlineData(0UL, new byte[] { 0x00 })]
    [InlineData(0x7FUL, new byte[] { 0x7F })]
    [InlineData(0x80UL, new byte[] { 0x81, 0x00 })]
    [InlineData(0x14a6b1UL, new byte[] { 0xD2, 0xCD, 0x31 })]
    public void Encode_WritesBigEndianSevenBitGroups(ulong value, byte[] expected)
    {
        Assert.Equal(expected, Varuint.Encode(value));
        Assert.Equal(expected.Length, Varuint.GetEncodedLength(value));
    }

    [Fact]
    public void Write_WithWidth_PadsWithLeadingContinuationBytesThatReadBackToTheSameValue()
    {
        var buffer = new byte[6];
        var written = Varuint.Write(buffer, 300, width: 5);

        Assert.Equal(5, written);
        Assert.Equal(new byte[] { 0x80, 0x80, 0x80, 0x82, 0x2C }, buffer.Take(5).ToArray());
        var position = 0;
        Assert.Equal(VaruintReadStatus.Success, Varuint.TryRead(buffer, ref position, buffer.Length, out var value));
        Assert.Equal(300, value);
        Assert.Equal(5, position);
    }

    [Fact]
    public void TryRead_RejectsValuesAbove63BitsAndStopsAtTheLimit()
    {
        var huge = Enumerable.Repeat((byte)0xFF, 12).Concat(new byte[] { 0x7F }).ToArray();
        var position = 0;
        Assert.Equal(VaruintReadStatus.Overflow, Varuint.TryRead(huge, ref position, huge.Length, out _));
        Assert.Equal(0, position);

        var cut = new byte[] { 0x81, 0x80, 0x00 };
        Assert.Equal(VaruintReadStatus.Truncated, Varuint.TryRead(cut, ref position, 2, out _));
    }

    [Fact]
    public void EncodeThenRead_RoundTripsRandomValues()
    {
        Prop.ForAll<ulong>(v =>
        {
            v >>= 1;
            var bytes = Varuint.Encode(v);
            var position = 0;
            return Varuint.TryRead(bytes, ref position, bytes.Length, out var read) == VaruintReadStatus.Success
                && (ulong)read == v && position == bytes.Length;
        }).QuickCheckThrowOnFailure();
    }
}
