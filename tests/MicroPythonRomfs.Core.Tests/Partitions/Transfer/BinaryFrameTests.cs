using System.Text;
using MicroPythonRomfs.Partitions;
using MicroPythonRomfs.Partitions.Transfer;

namespace MicroPythonRomfs.Tests.Partitions.Transfer;

public class BinaryFrameTests
{
    [Fact]
    public void Crc32_MatchesZlibsCheckValue_AndChains()
    {
        var data = Encoding.ASCII.GetBytes("123456789");

        Assert.Equal(0xCBF43926u, Crc32.Update(0, data));
        Assert.Equal(0xCBF43926u, Crc32.Update(Crc32.Update(0, data.AsSpan(0, 4)), data.AsSpan(4)));
    }

    [Fact]
    public void Create_LaysOutTheHeaderTheReceiverUnpacks()
    {
        var frame = BinaryFrame.Create(0x1234, BinaryFrame.EndOfChunk | BinaryFrame.Compressed, 0x00ABCDEF, new byte[] { 1, 2, 3 });

        Assert.Equal(new byte[] { 0x34, 0x12, 3, 3, 0, 0xEF, 0xCD, 0xAB, 0x00 }, frame.Take(9));
        var crc = Crc32.Update(Crc32.Update(0, frame.AsSpan(0, 9)), new byte[] { 1, 2, 3 });
        Assert.Equal(crc, BitConverter.ToUInt32(frame, 9));
        Assert.Equal(new byte[] { 1, 2, 3 }, frame.Skip(BinaryFrame.HeaderLength));
    }

    [Fact]
    public void Sync_IsThePatternTheReceiverLooksFor_AndHasAUniqueFirstByte()
    {
        var literal = "b'" + string.Concat(BinaryFrame.Sync.Select(b => "\\x" + b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture))) + "'";

        Assert.Contains("Y=" + literal, PartitionScripts.BinaryReceiver, StringComparison.Ordinal);
        Assert.Single(BinaryFrame.Sync, b => b == BinaryFrame.Sync[0]);
        Assert.DoesNotContain(BinaryFrame.Sync, b => b is >= 0x01 and <= 0x05);
    }

    [Fact]
    public void Receiver_RestoresCtrlC_InAFinally()
    {
        var script = PartitionScripts.BinaryReceiver;

        Assert.Contains("micropython.kbd_intr(-1)\n try:", script, StringComparison.Ordinal);
        Assert.Contains(" finally:micropython.kbd_intr(3)\n", script, StringComparison.Ordinal);
    }
}
