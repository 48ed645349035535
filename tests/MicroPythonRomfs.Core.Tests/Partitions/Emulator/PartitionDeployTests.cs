using System.Text;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Partitions;
using MicroPythonRomfs.Partitions.Transfer;
using MicroPythonRomfs.Reporting;
using MicroPythonRomfs.Romfs;
using MicroPythonRomfs.Tests.Device;
using MicroPythonRomfs.Tests.Device.Emulator;

namespace MicroPythonRomfs.Tests.Partitions.Emulator;

public class PartitionDeployTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    public static TheoryData<string> VectorImages() => new()
    {
        "basic.mpy.romfs", "basic.nompy.romfs", "big.mpy.romfs", "big.nompy.romfs", "deep.mpy.romfs", "empty.mpy.romfs", "names.mpy.romfs", "names.nompy.romfs", "premade.mpy.romfs", "premade.nompy.romfs",
    };

    public static TheoryData<BoardKind> Boards() => TestBoard.Kinds();

    public static TheoryData<BoardKind, string> VectorImagesOnEveryBoard()
    {
        var data = new TheoryData<BoardKind, string>();
        foreach (var kind in Enum.GetValues<BoardKind>())
        {
            foreach (string row in VectorImages())
            {
                data.Add(kind, row);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(VectorImagesOnEveryBoard))]
    public async Task Deploy_LeavesExactlyTheImage_ForEveryVectorImage(BoardKind kind, string name)
    {
        var image = File.ReadAllBytes(TestPaths.VectorImage(name));
        using var board = await TestBoard.StartTcpAsync(kind, "--partition", "524288", "--partition", "65536");
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, None);

        var result = await new PartitionWriter(device.Session).DeployAsync(image, 0, null, None);

        Assert.NotNull(result);
        Assert.True(result!.Verified);
        Assert.Equal(RomfsImage.Parse(image).ComputeHash(), result.ImageHash);
        var reader = new PartitionReader(device.Session);
        var geometry = await reader.DescribeAsync(0, None);
        var padded = (image.Length + 4095) / 4096 * 4096;
        var onBoard = await reader.ReadAsync(geometry, 0, padded + 4096, NullOperationReporter.Instance, None);
        Assert.Equal(image, onBoard.Take(image.Length));
        Assert.All(onBoard.Skip(image.Length).Take(padded - image.Length), b => Assert.Equal(0, b));
        Assert.All(onBoard.Skip(padded), b => Assert.Equal(0xFF, b));
        if (board.Upstream != null)
        {
            // The flash file itself, read beside the board: what the firmware really holds.
            device.Disconnect();
            var flash = board.Upstream.ReadFlash(0);
            Assert.Equal(image, flash.Take(image.Length));
            Assert.All(flash.Skip(image.Length).Take(padded - image.Length), b => Assert.Equal(0, b));
            Assert.All(flash.Skip(padded), b => Assert.Equal(0xFF, b));
        }
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public async Task Deploy_ThenSoftReset_MountsTheImageAtRom_AndItsModulesImport(BoardKind kind)
    {
        var image = File.ReadAllBytes(TestPaths.VectorImage("basic.mpy.romfs"));
        using var board = await TestBoard.StartTcpAsync(kind);
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, None);

        await new PartitionWriter(device.Session).DeployAsync(image, 0, null, None);
        await device.SoftResetAsync(None);

        var listing = Encoding.UTF8.GetString(await device.Session.ExecAsync("import os\nprint(sorted(os.listdir('/rom')))\nimport lib.module1\nprint(lib.module1.__file__)", None));
        Assert.Equal("['config.mpy', 'data', 'lib', 'main.mpy']\r\n/rom/lib/module1.mpy\r\n", listing);
        var info = (await new PartitionReader(device.Session).QueryAsync(new[] { 0 }, null, None)).Single();
        Assert.Equal("/rom", info.MountPoint);
        Assert.Equal(image.Length, info.ImageSize);
        Assert.Equal(RomfsImage.Parse(image).ComputeHash(), info.ImageHash);
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public async Task Deploy_OfAnAlignedImage_MountsAndReadsBackEveryFile_OnTheBoard(BoardKind kind)
    {
        var image = await RomfsBuilder.BuildAsync(TestPaths.VectorTree("basic"), new RomfsBuildOptions { CompileMpy = false, Alignment = 16 }, None);
        var parsed = RomfsImage.Parse(image);
        Assert.All(parsed.Entries.Where(e => e.Kind == RomfsEntryKind.File), e => Assert.Equal(0, e.Offset % 16));
        using var board = await TestBoard.StartTcpAsync(kind);
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, None);

        await new PartitionWriter(device.Session).DeployAsync(image, 0, null, None);
        await device.SoftResetAsync(None);

        foreach (var entry in parsed.Entries.Where(e => e.Kind == RomfsEntryKind.File))
        {
            var onBoard = await device.Session.EvalAsync(PythonCode.Format($"open({"/rom/" + entry.Path},'rb').read()"), None);
            Assert.Equal(parsed.GetData(entry).ToArray(), onBoard);
        }

        var output = Encoding.UTF8.GetString(await device.Session.ExecAsync("import lib.module1\nprint(lib.module1.__file__)", None));
        Assert.Equal("/rom/lib/module1.py\r\n", output);
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public async Task Deploy_OfAnImageThatDiffersInOneFile_RewritesOnlyTheAffectedBlocksAndTheHeader(BoardKind kind)
    {
        var first = await BuildAsync(("data/a.bin", Random(40_000, 1)), ("data/b.bin", Random(20_000, 2)), ("main.py", Encoding.ASCII.GetBytes("print('v1')\n")));
        var second = await BuildAsync(("data/a.bin", Random(40_000, 1)), ("data/b.bin", Random(20_000, 2)), ("main.py", Encoding.ASCII.GetBytes("print('v2')\n")));
        Assert.Equal(first.Length, second.Length);
        using var board = await TestBoard.StartTcpAsync(kind);
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, None);
        var writer = new PartitionWriter(device.Session);
        var full = await writer.DeployAsync(first, 0, null, None);

        var incremental = await writer.DeployAsync(second, 0, null, None);
        var again = await writer.DeployAsync(second, 0, null, None);

        Assert.Equal(15, full!.BlocksWritten);
        Assert.InRange(incremental!.BlocksWritten, 1, 2);
        Assert.Equal(15 - incremental.BlocksWritten, incremental.BlocksSkipped);
        Assert.True(incremental.BytesSent * 5 < full.BytesSent, $"incremental {incremental.BytesSent} vs full {full.BytesSent} bytes");
        Assert.Equal(0, again!.BlocksWritten);
        Assert.Equal(second, await new PartitionReader(device.Session).ReadImageAsync(0, NullOperationReporter.Instance, None));
    }

    [Fact]
    public async Task Deploy_ToABlockDevicePartition_WritesReadsAndSkipsLikeAMemoryview()
    {
        var first = await BuildAsync(("a.bin", Random(20_000, 11)), ("b.bin", Random(9_000, 12)));
        var second = await BuildAsync(("a.bin", Random(20_000, 11)), ("b.bin", Random(9_000, 13)));
        using var board = await BoardEmulator.StartTcpAsync("--block-device");
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, None);
        var writer = new PartitionWriter(device.Session);

        var full = await writer.DeployAsync(first, 0, null, None);
        var incremental = await writer.DeployAsync(second, 0, null, None);

        var info = (await new PartitionReader(device.Session).QueryAsync(new[] { 0 }, null, None)).Single();
        Assert.Equal(RomPartitionKind.BlockDevice, info.Kind);
        Assert.Equal(8, full!.BlocksWritten);
        Assert.True(incremental!.Verified);
        Assert.Equal(5, incremental.BlocksWritten); // b.bin spans blocks 4-7; block 0 is always rewritten
        Assert.Equal(3, incremental.BlocksSkipped);
        Assert.Equal(second, await new PartitionReader(device.Session).ReadImageAsync(0, NullOperationReporter.Instance, None));
        Assert.Equal(RomfsImage.Parse(second).ComputeHash(), info.ImageHash);
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public async Task Deploy_WithFull_RewritesEveryBlock(BoardKind kind)
    {
        var image = File.ReadAllBytes(TestPaths.VectorImage("basic.nompy.romfs"));
        using var board = await TestBoard.StartTcpAsync(kind);
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, None);
        var writer = new PartitionWriter(device.Session);
        await writer.DeployAsync(image, 1, null, None);

        var result = await writer.DeployAsync(image, 1, new DeployOptions { Full = true }, None);

        Assert.Equal(1, result!.BlocksWritten);
        Assert.True(result.Verified);
    }

    [Theory]
    [InlineData(BoardKind.Emulator, TextTransferEncoding.Base64)]
    [InlineData(BoardKind.Emulator, TextTransferEncoding.Hex)]
    [InlineData(BoardKind.Emulator, TextTransferEncoding.BytesLiteral)]
    [InlineData(BoardKind.Upstream, TextTransferEncoding.Base64)]
    [InlineData(BoardKind.Upstream, TextTransferEncoding.Hex)]
    [InlineData(BoardKind.Upstream, TextTransferEncoding.BytesLiteral)]
    public async Task Deploy_WorksInEveryTextEncoding(BoardKind kind, TextTransferEncoding encoding)
    {
        var image = await BuildAsync(("awkward.bin", Enumerable.Range(0, 6000).Select(i => (byte)(i * 7)).ToArray()));
        using var board = await TestBoard.StartTcpAsync(kind);
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, None);

        var result = await new PartitionWriter(device.Session).DeployAsync(image, 1, new DeployOptions { Encoding = encoding }, None);

        Assert.Equal(encoding.ToString(), result!.Transfer);
        Assert.Equal(image, await new PartitionReader(device.Session).ReadImageAsync(1, NullOperationReporter.Instance, None));
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public async Task Deploy_RefusesAnImageTooBigForThePartition_AndLeavesItUntouched(BoardKind kind)
    {
        var small = File.ReadAllBytes(TestPaths.VectorImage("basic.mpy.romfs"));
        var big = File.ReadAllBytes(TestPaths.VectorImage("big.mpy.romfs"));
        using var board = await TestBoard.StartTcpAsync(kind);
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, None);
        var writer = new PartitionWriter(device.Session);
        await writer.DeployAsync(small, 0, null, None);

        var error = await Assert.ThrowsAsync<RomPartitionException>(() => writer.DeployAsync(big, 0, null, None));

        Assert.Equal(PartitionState.Unchanged, error.State);
        Assert.Equal(RomPartitionFailure.ImageTooBig, error.Failure);
        Assert.Contains("300,108 bytes, too big for ROM partition 0", error.Message);
        Assert.Contains(board.Port, error.Message);
        Assert.Equal(small, await new PartitionReader(device.Session).ReadImageAsync(0, NullOperationReporter.Instance, None));
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public async Task Deploy_RefusesAnInvalidImage_BeforeAskingTheBoardAnything(BoardKind kind)
    {
        var image = File.ReadAllBytes(TestPaths.VectorImage("basic.mpy.romfs"));
        using var board = await TestBoard.StartTcpAsync(kind);
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, None);
        var sentBefore = device.Session.BytesSent;

        var error = await Assert.ThrowsAsync<RomPartitionException>(() => new PartitionWriter(device.Session).DeployAsync(image.Take(1000).ToArray(), 0, null, None));

        Assert.Equal(PartitionState.Unchanged, error.State);
        Assert.Contains("not a valid ROMFS image", error.Message);
        Assert.Equal(RomPartitionFailure.InvalidImage, error.Failure);
        Assert.Equal(sentBefore, device.Session.BytesSent);
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public async Task Deploy_ToAPartitionThatDoesNotExist_NamesTheRange(BoardKind kind)
    {
        using var board = await TestBoard.StartTcpAsync(kind);
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, None);

        var error = await Assert.ThrowsAsync<RomPartitionException>(() => new PartitionWriter(device.Session).DeployAsync(File.ReadAllBytes(TestPaths.VectorImage("basic.mpy.romfs")), 5, null, None));

        Assert.Equal($"{board.Port} has no ROM partition 5; it has partitions 0 to 1.", error.Message);
        Assert.Equal(RomPartitionFailure.RomPartitionNotFound, error.Failure);
    }

    [Fact]
    public async Task Query_OnABoardWithoutRomfs_SaysSo()
    {
        using var board = await BoardEmulator.StartTcpAsync("--no-romfs");
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, None);

        var error = await Assert.ThrowsAsync<RomPartitionException>(() => new PartitionReader(device.Session).QueryAsync(null, null, None));

        Assert.StartsWith($"{board.Port} has no ROMFS support", error.Message);
        Assert.Equal(RomPartitionFailure.RomfsNotSupported, error.Failure);
    }

    [Fact]
    public async Task Query_DescribesEveryPartition()
    {
        using var board = await BoardEmulator.StartTcpAsync("--partition", "131072", "--partition", "65536", "--partition", "32768", "--block-size", "8192");
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, None);
        await new PartitionWriter(device.Session).DeployAsync(File.ReadAllBytes(TestPaths.VectorImage("deep.mpy.romfs")), 2, null, None);

        var partitions = await new PartitionReader(device.Session).QueryAsync(null, "abc", None);

        Assert.Equal(new[] { 0, 1, 2 }, partitions.Select(p => p.Partition));
        Assert.Equal(new long[] { 131072, 65536, 32768 }, partitions.Select(p => p.Size));
        Assert.All(partitions, p => Assert.Equal(8192, p.BlockSize));
        Assert.Equal(new[] { false, false, true }, partitions.Select(p => p.HasValidImage));
        Assert.Equal(32768 - 270, partitions[2].FreeBytes);
        Assert.Null(partitions[2].MountPoint);
        Assert.All(partitions, p => Assert.Equal("abc", p.UniqueId));
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public async Task Deploy_WhenTheBoardDeclines_TouchesNothing(BoardKind kind)
    {
        var image = File.ReadAllBytes(TestPaths.VectorImage("basic.mpy.romfs"));
        using var board = await TestBoard.StartTcpAsync(kind);
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, None);
        var reader = new PartitionReader(device.Session);
        var geometry = await reader.DescribeAsync(0, None);
        var before = await reader.ReadDigestsAsync(geometry, 0, 64, None);
        var reporter = new RecordingReporter(allow: false);

        var result = await new PartitionWriter(device.Session, reporter).DeployAsync(image, 0, null, None);

        Assert.Null(result);
        var (target, action) = Assert.Single(reporter.ShouldProcessCalls);
        Assert.Equal($"{board.Port} ROM partition 0", target);
        Assert.Contains("erase block 0 (4,096 bytes each) and write 4,096 bytes in 1 block", action);
        Assert.Equal(before, await reader.ReadDigestsAsync(geometry, 0, 64, None));
    }

    [Fact]
    public async Task Deploy_WhenTheBoardFailsAWrite_ReportsTheOffsetAndAPartitionThatWillNotMount()
    {
        var image = await BuildAsync(("data.bin", Random(30_000, 3)));
        using var board = await BoardEmulator.StartTcpAsync("--fail-write-at", "9000");
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, None);

        var error = await Assert.ThrowsAsync<RomPartitionException>(() => new PartitionWriter(device.Session).DeployAsync(image, 0, null, None));

        Assert.Equal(PartitionState.Incomplete, error.State);
        Assert.Equal(RomPartitionFailure.FlashOperationFailed, error.Failure);
        Assert.Equal(8192, error.Offset);
        Assert.Contains("OSError", error.Message);
        Assert.Contains("will not mount", error.Message);
        var info = (await new PartitionReader(device.Session).QueryAsync(new[] { 0 }, null, None)).Single();
        Assert.False(info.HasValidImage);
    }

    [Fact]
    public async Task Deploy_CutOffMidway_IsCompletedByRunningItAgain()
    {
        var image = await BuildAsync(("data.bin", Random(60_000, 4)));
        using var board = await BoardEmulator.StartTcpAsync("--drop-after", "60000");
        using (var first = await MicroPythonDevice.ConnectAsync(board.Port, null, None))
        {
            var error = await Assert.ThrowsAsync<RomPartitionException>(() => new PartitionWriter(first.Session).DeployAsync(image, 0, null, None));
            Assert.Equal(PartitionState.Incomplete, error.State);
        }

        using var second = await MicroPythonDevice.ConnectAsync(board.Port, null, None);
        var result = await new PartitionWriter(second.Session).DeployAsync(image, 0, null, None);

        Assert.True(result!.BlocksSkipped > 0, "the second run should reuse the blocks the first one wrote");
        Assert.True(result.Verified);
        Assert.Equal(image, await new PartitionReader(second.Session).ReadImageAsync(0, NullOperationReporter.Instance, None));
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public async Task Deploy_CancelledMidway_SaysThePartitionIsIncomplete_AndTheSameSessionCompletesIt(BoardKind kind)
    {
        var image = await BuildAsync(("data.bin", Random(50_000, 5)));
        using var board = await TestBoard.StartTcpAsync(kind);
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, None);
        using var cancel = new CancellationTokenSource();
        var reporter = new CancellingReporter(cancel, afterWrites: 5);

        var error = await Assert.ThrowsAsync<RomPartitionException>(() => new PartitionWriter(device.Session, reporter).DeployAsync(image, 0, null, cancel.Token));

        Assert.Equal(RomPartitionFailure.DeployInterrupted, error.Failure);
        Assert.Equal(PartitionState.Incomplete, error.State);
        Assert.Contains("was cancelled", error.Message);
        var result = await new PartitionWriter(device.Session).DeployAsync(image, 0, null, None);
        Assert.True(result!.BlocksSkipped >= 3, $"only {result.BlocksSkipped} blocks were reused");
        Assert.Equal(image, await new PartitionReader(device.Session).ReadImageAsync(0, NullOperationReporter.Instance, None));
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public async Task Deploy_OverAPseudoTerminal_LeavesTheImage(BoardKind kind)
    {
        var image = File.ReadAllBytes(TestPaths.VectorImage("names.mpy.romfs"));
        using var board = await TestBoard.StartPtyAsync(kind);
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, None);

        var result = await new PartitionWriter(device.Session).DeployAsync(image, 1, null, None);

        Assert.True(result!.Verified);
        Assert.Equal(image, await new PartitionReader(device.Session).ReadImageAsync(1, NullOperationReporter.Instance, None));
    }

    /// <summary>Cancels the deploy once it has reported a number of chunk writes, as Ctrl+C would.</summary>
    private sealed class CancellingReporter : IOperationReporter
    {
        private readonly CancellationTokenSource _cancel;
        private readonly int _afterWrites;
        private int _writes;

        public CancellingReporter(CancellationTokenSource cancel, int afterWrites)
        {
            _cancel = cancel;
            _afterWrites = afterWrites;
        }

        public void Progress(OperationProgress progress)
        {
            if (!progress.IsCompleted && ++_writes == _afterWrites)
            {
                _cancel.Cancel();
            }
        }

        public void Warning(string message)
        {
        }

        public void Verbose(string message)
        {
        }

        public bool ShouldProcess(string target, string action) => true;
    }

    private static byte[] Random(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static Task<byte[]> BuildAsync(params (string Path, byte[] Data)[] files) =>
        RomfsBuilder.BuildAsync(files.Select(f => RomfsSourceItem.ForBytes(f.Path, f.Data)).ToList(), new RomfsBuildOptions { CompileMpy = false }, None);
}
