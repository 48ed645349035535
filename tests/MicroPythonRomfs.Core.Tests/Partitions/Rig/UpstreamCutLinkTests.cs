using MicroPythonRomfs.Device;
using MicroPythonRomfs.Partitions;
using MicroPythonRomfs.Reporting;
using MicroPythonRomfs.Romfs;
using MicroPythonRomfs.Tests.Device.Rig;

namespace MicroPythonRomfs.Tests.Partitions.Rig;

/// <summary>
/// The link to upstream firmware cut in the middle of a deploy (a proxy drops the connection; the board process ends,
/// as a board loses power): the flash never holds a valid header over half-written data, and running the deploy
/// again completes it.
/// </summary>
public class UpstreamCutLinkTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [InlineData(TransferMode.Text, 20_000)]
    [InlineData(TransferMode.Text, 90_000)]
    [InlineData(TransferMode.Binary, 90_000)]
    [InlineData(TransferMode.Text, 250_000)]
    public async Task Deploy_CutOffMidway_LeavesNoValidImage_AndRunningItAgainCompletesIt(TransferMode transfer, long cutAfter)
    {
        var image = File.ReadAllBytes(TestPaths.VectorImage("big.nompy.romfs"));
        var previous = File.ReadAllBytes(TestPaths.VectorImage("basic.mpy.romfs"));
        using var board = await UpstreamBoard.StartTcpAsync(new UpstreamBoardOptions { Rom0Size = 524288 });
        using (var device = await MicroPythonDevice.ConnectAsync(board.Port, null, None))
        {
            await new PartitionWriter(device.Session).DeployAsync(previous, 0, null, None);
        }

        using (var proxy = new CuttingProxy(board.Port, cutAfter))
        using (var device = await MicroPythonDevice.ConnectAsync(proxy.Port, null, None))
        {
            var error = await Assert.ThrowsAsync<RomPartitionException>(() => new PartitionWriter(device.Session).DeployAsync(image, 0, new DeployOptions { Transfer = transfer }, None));
            Assert.Equal(1, proxy.Cuts);
            Assert.Equal(PartitionState.Incomplete, error.State);
            Assert.Contains(proxy.Port, error.Message);
        }

        // What the firmware would mount at the next power-on: not the old image, and no header over partial data.
        var flash = board.ReadFlash(0);
        Assert.False(flash.AsSpan(0, previous.Length).SequenceEqual(previous), "the old image should be gone: its header block is erased first");
        Assert.False(flash[0] == 0xD2 && flash[1] == 0xCD && flash[2] == 0x31, "a ROMFS header is on flash although the image is incomplete");
        using (var again = await MicroPythonDevice.ConnectAsync(board.Port, null, None))
        {
            var info = (await new PartitionReader(again.Session).QueryAsync(new[] { 0 }, null, None)).Single();
            Assert.False(info.HasValidImage);
            Assert.Null(info.MountPoint);

            var result = await new PartitionWriter(again.Session).DeployAsync(image, 0, new DeployOptions { Transfer = transfer }, None);

            Assert.True(result!.Verified);
            Assert.Equal(image, await new PartitionReader(again.Session).ReadImageAsync(0, NullOperationReporter.Instance, None));
        }

        Assert.Equal(image, board.ReadFlash(0).Take(image.Length));
    }
}
