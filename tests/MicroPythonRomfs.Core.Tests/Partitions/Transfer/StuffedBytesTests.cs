using FsCheck;
using FsCheck.Fluent;
using MicroPythonRomfs.Partitions.Transfer;

namespace MicroPythonRomfs.Tests.Partitions.Transfer;

public class StuffedBytesTests
{
    [Fact]
    public void Decode_UndoesEncode_ForAnyBytes() =>
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), data =>
            StuffedBytes.Decode(StuffedBytes.Encode(data))!.AsSpan().SequenceEqual(data)).QuickCheckThrowOnFailure();

    [Fact]
    public void Encode_LeavesNoEndOfOutputOrLineBreakByte_ForAnyBytes() =>
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), data =>
            !StuffedBytes.Encode(data).Any(b => b is 0x04 or 0x0A or 0x0D)).QuickCheckThrowOnFailure();

    [Fact]
    public void Encode_EscapesExactlyTheFourSpecialBytes()
    {
        var all = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

        var stuffed = StuffedBytes.Encode(all);

        Assert.Equal(260, stuffed.Length);
        Assert.Equal(new byte[] { 0x03, 0x1B, 0x44, 0x05 }, stuffed.Skip(3).Take(4));
    }

    [Theory]
    [InlineData(new byte[] { 0x41, 0x1B })]
    [InlineData(new byte[] { 0x1B, 0x41 })]
    [InlineData(new byte[] { 0x41, 0x0A })]
    public void Decode_RejectsBytesThatAreNotValidStuffing(byte[] stuffed) => Assert.Null(StuffedBytes.Decode(stuffed));
}
