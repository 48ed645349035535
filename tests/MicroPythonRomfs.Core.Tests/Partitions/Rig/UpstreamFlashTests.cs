using MicroPythonRomfs.Device;
using MicroPythonRomfs.Partitions;
using MicroPythonRomfs.Reporting;
using MicroPythonRomfs.Romfs;
using MicroPythonRomfs.Tests.Device.Rig;

namespace MicroPythonRomfs.Tests.Partitions.Rig;

/// <summary>
/// Deploys to flash geometries and answers that only the upstream board offers: stm32 internal flash's exact
/// answers (prepare → 16, complete → -22, writes cut to 4-byte multiples), other block sizes, and a large deploy over
/// a pseudo-terminal. Each test checks the flash files themselves as well as what the product reads back.
/// </summary>
public class UpstreamFlashTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [InlineData(TransferMode.Auto, "basic.mpy.romfs")]
    [InlineData(TransferMode.Binary, "big.mpy.romfs")]
    [InlineData(TransferMode.Text, "names.nompy.romfs")]
    public async Task Deploy_OnStm32InternalFlash_LeavesExactlyTheImage(TransferMode transfer, string name)
    {
        var image = File.ReadAllBytes(TestPaths.VectorImage(name));
        using var board = await UpstreamBoard.StartTcpAsync(new UpstreamBoardOptions { Stm32 = true, Rom0Size = 524288 });
        using (var device = await MicroPythonDevice.ConnectAsync(board.Port, null, None))
        {
            var result = await new PartitionWriter(device.Session).DeployAsync(image, 0, new DeployOptions { Transfer = transfer }, None);

            Assert.True(result!.Verified);
            Assert.Equal(image, await new PartitionReader(device.Session).ReadImageAsync(0, NullOperationReporter.Instance, None));
        }

        AssertFlashHolds(board, 0, image);
    }

    [Theory]
    [InlineData(1024)]
    [InlineData(16384)]
    public async Task Deploy_AndQuery_FollowTheBoardsBlockSize(int blockSize)
    {
        var image = File.ReadAllBytes(TestPaths.VectorImage("basic.mpy.romfs"));
        using var board = await UpstreamBoard.StartTcpAsync(new UpstreamBoardOptions { BlockSize = blockSize, Rom0Size = 131072, Rom1Size = 65536 });
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, None);
        var writer = new PartitionWriter(device.Session);

        var first = await writer.DeployAsync(image, 1, null, None);
        var again = await writer.DeployAsync(image, 1, null, None);
        var partitions = await new PartitionReader(device.Session).QueryAsync(null, null, None);

        // The image is padded with zeros to whole 4096-byte chunks (as mpremote pads), whatever the block size.
        Assert.Equal((DeployPlan.WriteUnit + blockSize - 1) / blockSize, first!.BlocksWritten);
        Assert.Equal(0, again!.BlocksWritten);
        Assert.Equal(new long[] { 131072, 65536 }, partitions.Select(p => p.Size));
        Assert.All(partitions, p => Assert.Equal(blockSize, p.BlockSize));
        Assert.Equal(new[] { false, true }, partitions.Select(p => p.HasValidImage));
        Assert.Equal(RomfsImage.Parse(image).ComputeHash(), partitions[1].ImageHash);
        device.Disconnect();
        AssertFlashHolds(board, 1, image);
        Assert.All(board.ReadFlash(0), b => Assert.Equal(0xFF, b));
    }

    [Fact]
    public async Task Deploy_OverAPseudoTerminal_LeavesTheImage_AndMpremoteReadsIt()
    {
        var image = File.ReadAllBytes(TestPaths.VectorImage("big.nompy.romfs"));
        using var board = await UpstreamBoard.StartPtyAsync(new UpstreamBoardOptions { Rom0Size = 524288 });
        using (var device = await MicroPythonDevice.ConnectAsync(board.Port, null, None))
        {
            var result = await new PartitionWriter(device.Session).DeployAsync(image, 0, new DeployOptions { Transfer = TransferMode.Text }, None);

            Assert.Equal("DeflateBase64", result!.Transfer);
            Assert.True(result.Verified);
        }

        AssertFlashHolds(board, 0, image);
        var query = (await board.MpremoteAsync("romfs", "query")).EnsureSuccess("mpremote romfs query");
        Assert.Contains($"ROMFS image size: {image.Length - RomfsImage.Parse(image).PayloadOffset}", query.StandardOutput);
    }

    private static void AssertFlashHolds(UpstreamBoard board, int partition, byte[] image)
    {
        var padded = (image.Length + DeployPlan.WriteUnit - 1) / DeployPlan.WriteUnit * DeployPlan.WriteUnit;
        var flash = board.ReadFlash(partition);
        Assert.Equal(image, flash.Take(image.Length));
        Assert.All(flash.Skip(image.Length).Take(padded - image.Length), b => Assert.Equal(0, b));
        Assert.All(flash.Skip(padded), b => Assert.Equal(0xFF, b));
    }
}
