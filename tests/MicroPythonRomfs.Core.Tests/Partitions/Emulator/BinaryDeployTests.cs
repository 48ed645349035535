using MicroPythonRomfs.Device;
using MicroPythonRomfs.Partitions;
using MicroPythonRomfs.Reporting;
using MicroPythonRomfs.Romfs;
using MicroPythonRomfs.Tests.Device;
using MicroPythonRomfs.Tests.Device.Emulator;

namespace MicroPythonRomfs.Tests.Partitions.Emulator;

public class BinaryDeployTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    public static TheoryData<string> VectorImages() => PartitionDeployTests.VectorImages();

    public static TheoryData<BoardKind> Boards() => TestBoard.Kinds();

    [Theory]
    [MemberData(nameof(VectorImages))]
    public async Task BinaryDeploy_LeavesExactlyTheImage_ForEveryVectorImage(string name)
    {
        var image = File.ReadAllBytes(TestPaths.VectorImage(name));
        using var board = await BoardEmulator.StartTcpAsync("--partition", "524288");
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, None);

        var result = await new PartitionWriter(device.Session).DeployAsync(image, 0, Binary(), None);

        Assert.Equal("Binary", result!.Transfer);
        Assert.True(result.Verified);
        var padded = (image.Length + 4095) / 4096 * 4096;
        var reader = new PartitionReader(device.Session);
        var onBoard = await reader.ReadAsync(await reader.DescribeAsync(0, None), 0, padded, NullOperationReporter.Instance, None);
        Assert.Equal(image, onBoard.Take(image.Length));
        Assert.All(onBoard.Skip(image.Length), b => Assert.Equal(0, b));
    }

    // On upstream firmware this is the test of the receiver's ready mark: a 0x03 that reaches the firmware before the
    // receiver has turned Ctrl-C off raises KeyboardInterrupt.
    [Theory]
    [MemberData(nameof(Boards))]
    public async Task BinaryDeploy_CarriesDataFullOfControlBytes_AndReadsThemBack(BoardKind kind)
    {
        var rng = new Random(7);
        var runs = Enumerable.Range(0, 30_000).Select(i => new byte[] { 0x03, 0x04, 0xFF, 0x1B, 0x0A, 0x0D, 0x00, 0x01 }[rng.Next(8)]).ToArray();
        var mixed = RandomBytes(40_000, 8);
        for (var i = 0; i < mixed.Length; i += 3)
        {
            mixed[i] = (byte)(i % 2 == 0 ? 0x03 : 0x04);
        }

        var image = await BuildAsync(("runs.bin", runs), ("mixed.bin", mixed), ("ff.bin", Enumerable.Repeat((byte)0xFF, 9000).ToArray()));
        using var board = await TestBoard.StartTcpAsync(kind);
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, None);

        var result = await new PartitionWriter(device.Session).DeployAsync(image, 0, Binary(), None);

        Assert.True(result!.Verified);
        Assert.True(result.BytesSent < image.Length, $"{result.BytesSent} bytes sent for a compressible {image.Length}-byte image");
        Assert.Equal(image, await new PartitionReader(device.Session).ReadImageAsync(0, NullOperationReporter.Instance, None));
    }

    [Theory]
    [InlineData("--corrupt-byte")]
    [InlineData("--lose-byte")]
    public async Task BinaryDeploy_RecoversADamagedByte_BySendingAgain(string fault)
    {
        var image = await BuildAsync(("data.bin", RandomBytes(60_000, 9)));
        long cleanBytes;
        using (var clean = await BoardEmulator.StartTcpAsync())
        using (var device = await MicroPythonDevice.ConnectAsync(clean.Port, null, None))
        {
            cleanBytes = (await new PartitionWriter(device.Session).DeployAsync(image, 0, Binary(), None))!.BytesSent;
        }

        using var board = await BoardEmulator.StartTcpAsync(fault, "30000");
        using var faulty = await MicroPythonDevice.ConnectAsync(board.Port, null, None);

        var result = await new PartitionWriter(faulty.Session).DeployAsync(image, 0, Binary(), None);

        Assert.True(result!.Verified);
        Assert.True(result.BytesSent > cleanBytes, $"no frame was sent again: {result.BytesSent} bytes against {cleanBytes} without the fault");
        Assert.Equal(image, await new PartitionReader(faulty.Session).ReadImageAsync(0, NullOperationReporter.Instance, None));
    }

    [Fact]
    public async Task BinaryDeploy_ToAStalledBoard_TimesOutCleanly_AndTheNextCommandWorks()
    {
        // Emulator-only: upstream firmware's vfs module is read-only, so rom_ioctl cannot be wrapped there.
        var image = await BuildAsync(("data.bin", RandomBytes(30_000, 10)));
        using var board = await BoardEmulator.StartTcpAsync();
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, None);

        // The first write hangs for 4 s, longer than the host's patience (8 resends of 0.2 s and the abort's wait).
        await device.Session.ExecAsync("import vfs,time\n_o=vfs.rom_ioctl\ndef _slow(c,*a):\n if c==4 and not hasattr(time,'_s'):time._s=1;time.sleep(4)\n return _o(c,*a)\nvfs.rom_ioctl=_slow", None);
        var options = Binary();
        options.AcknowledgementTimeout = TimeSpan.FromMilliseconds(200);

        var error = await Assert.ThrowsAsync<RomPartitionException>(() => new PartitionWriter(device.Session).DeployAsync(image, 0, options, None));

        Assert.Equal(RomPartitionFailure.DeployInterrupted, error.Failure);
        Assert.Equal(PartitionState.Incomplete, error.State);
        Assert.IsType<DeviceTimeoutException>(error.InnerException);
        Assert.Equal(2L, await device.Session.EvalAsync("1+1", None));
        var result = await new PartitionWriter(device.Session).DeployAsync(image, 0, Binary(), None);
        Assert.True(result!.Verified);
    }

    [Fact]
    public async Task AutoTransfer_FallsBackToText_OnABoardWhoseStdinCannotBeRead()
    {
        var image = await BuildAsync(("data.bin", RandomBytes(20_000, 11)));
        using var board = await BoardEmulator.StartTcpAsync("--no-stdin-buffer");
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, None);
        var reporter = new RecordingReporter();

        var result = await new PartitionWriter(device.Session, reporter).DeployAsync(image, 0, new DeployOptions(), None);

        Assert.Equal("DeflateBase64", result!.Transfer);
        Assert.True(result.Verified);
        Assert.Contains(reporter.VerboseLines, m => m.Contains("sending the image as text", StringComparison.Ordinal));
        Assert.Equal(image, await new PartitionReader(device.Session).ReadImageAsync(0, NullOperationReporter.Instance, None));
    }

    [Fact]
    public async Task BinaryTransfer_OnABoardWhoseStdinCannotBeRead_FailsBeforeTouchingFlash()
    {
        var image = await BuildAsync(("data.bin", RandomBytes(20_000, 12)));
        using var board = await BoardEmulator.StartTcpAsync("--no-stdin-buffer");
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, None);
        var reader = new PartitionReader(device.Session);
        var before = await reader.ReadDigestsAsync(await reader.DescribeAsync(0, None), 0, 8, None);

        var error = await Assert.ThrowsAsync<RomPartitionException>(() => new PartitionWriter(device.Session).DeployAsync(image, 0, Binary(), None));

        Assert.Equal(RomPartitionFailure.TransferNotSupported, error.Failure);
        Assert.Equal(PartitionState.Unchanged, error.State);
        Assert.Equal(before, await reader.ReadDigestsAsync(await reader.DescribeAsync(0, None), 0, 8, None));
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public async Task ReadImage_ReceivesLittleMoreThanTheImage_ByteStuffedRatherThanBase64(BoardKind kind)
    {
        var image = File.ReadAllBytes(TestPaths.VectorImage("big.mpy.romfs"));
        using var board = await TestBoard.StartTcpAsync(kind, "--partition", "524288");
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, None);
        await new PartitionWriter(device.Session).DeployAsync(image, 0, Binary(), None);
        var before = device.Session.BytesReceived;

        var back = await new PartitionReader(device.Session).ReadImageAsync(0, NullOperationReporter.Instance, None);

        Assert.Equal(image, back);
        var received = device.Session.BytesReceived - before;
        Assert.True(received < image.Length * 1.05, $"{received:N0} bytes received to read a {image.Length:N0}-byte image");
    }

    [Fact]
    public async Task AutoTransfer_PicksBinaryForLargeWrites_AndTextForSmallOnes()
    {
        var large = await BuildAsync(("data.bin", RandomBytes(PartitionWriter.BinaryMinimumBytes, 14)));
        var small = await BuildAsync(("data.bin", RandomBytes(PartitionWriter.BinaryMinimumBytes / 2, 15)));
        using var board = await BoardEmulator.StartTcpAsync();
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, None);

        var first = await new PartitionWriter(device.Session).DeployAsync(large, 0, null, None);
        var second = await new PartitionWriter(device.Session).DeployAsync(small, 1, null, None);

        Assert.Equal(("Binary", "DeflateBase64"), (first!.Transfer, second!.Transfer));
        Assert.Equal(small, await new PartitionReader(device.Session).ReadImageAsync(1, NullOperationReporter.Instance, None));
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public async Task TextTransfer_IsUsedWhenAsked_EvenWhereBinaryWorks(BoardKind kind)
    {
        var image = await BuildAsync(("data.bin", RandomBytes(8_000, 13)));
        using var board = await TestBoard.StartTcpAsync(kind);
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, None);

        var result = await new PartitionWriter(device.Session).DeployAsync(image, 0, new DeployOptions { Transfer = TransferMode.Text }, None);

        Assert.Equal("DeflateBase64", result!.Transfer);
        Assert.Equal(image, await new PartitionReader(device.Session).ReadImageAsync(0, NullOperationReporter.Instance, None));
    }

    private static DeployOptions Binary() => new() { Transfer = TransferMode.Binary };

    private static byte[] RandomBytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static Task<byte[]> BuildAsync(params (string Path, byte[] Data)[] files) =>
        RomfsBuilder.BuildAsync(files.Select(f => RomfsSourceItem.ForBytes(f.Path, f.Data)).ToList(), new RomfsBuildOptions { CompileMpy = false }, None);
}
