using System.Security;
using System.Text;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Fleet;
using MicroPythonRomfs.Partitions;
using MicroPythonRomfs.Reporting;
using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.Tests.Device.WebRepl;

/// <summary>
/// Every device command over <c>ws://127.0.0.1:N</c>, against upstream's WebREPL board (the rig) and the emulator's
/// WebREPL front: connecting and logging in, code, soft resets (which close the socket), deploys, reading back,
/// interrupted deploys completed by a re-run, and fleets.
/// </summary>
public class WebReplSessionTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(120);

    public static TheoryData<BoardKind> Kinds() => TestBoard.Kinds();

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Connect_LogsIn_ReadsTheBoardsFacts_AndRunsCode(BoardKind kind)
    {
        using var board = await TestBoard.StartWebReplAsync(kind);
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, Options(), Token());

        Assert.StartsWith("ws://127.0.0.1:", board.Port);
        Assert.Equal(board.Port, device.Port);
        Assert.IsType<WebReplLink>(device.Session.Link);
        Assert.Equal(kind == BoardKind.Emulator ? "webassembly" : "linux", device.Platform);
        Assert.Equal(2, device.RomfsPartitionCount);
        Assert.Equal(5L, await device.Session.EvalAsync("2+3", Token()));
        var output = await device.Session.ExecAsync("for i in range(3):print('line', i)", Token());
        Assert.Equal("line 0\r\nline 1\r\nline 2\r\n", Encoding.UTF8.GetString(output));
        var error = await Assert.ThrowsAsync<MicroPythonException>(() => device.Session.ExecAsync("1/0", Token()));
        Assert.Equal("ZeroDivisionError", error.ExceptionName);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Connect_WithAWrongPassword_IsItsOwnError_NamingThePort_AndNotThePassword(BoardKind kind)
    {
        using var board = await TestBoard.StartWebReplAsync(kind);

        var error = await Assert.ThrowsAsync<DeviceAuthenticationException>(() => MicroPythonDevice.ConnectAsync(board.Port, Options("wrong1"), Token()));

        Assert.Equal(board.Port, error.Port);
        Assert.Equal($"{board.Port} refused the WebREPL password (Access denied).", error.Message);
        Assert.DoesNotContain("wrong1", error.ToString());

        // The board is still there for the right password.
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, Options(), Token());
        Assert.Equal(1L, await device.Session.EvalAsync("1", Token()));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Connect_WithoutAPassword_SaysTheBoardAsksForOne(BoardKind kind)
    {
        using var board = await TestBoard.StartWebReplAsync(kind);

        var error = await Assert.ThrowsAsync<DeviceAuthenticationException>(() => MicroPythonDevice.ConnectAsync(board.Port, new DeviceConnectionOptions { Timeout = TimeSpan.FromSeconds(20) }, Token()));

        Assert.Equal($"{board.Port} asks for a WebREPL password and none was given.", error.Message);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task SoftReset_ReconnectsAndStartsAFreshInterpreter(BoardKind kind)
    {
        using var board = await TestBoard.StartWebReplAsync(kind);
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, Options(), Token());
        await device.Session.ExecAsync("marker = 7", Token());

        await device.SoftResetAsync(Token());

        var gone = await Assert.ThrowsAsync<MicroPythonException>(() => device.Session.EvalAsync("marker", Token()));
        Assert.Equal("NameError", gone.ExceptionName);
        Assert.True(device.IsConnected);
        Assert.Equal(6L, await device.Session.EvalAsync("3+3", Token()));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Exec_SendsLargeCode_ThroughTheBoardsSmallInputRing(BoardKind kind)
    {
        using var board = await TestBoard.StartWebReplAsync(kind);
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, Options(), Token());
        var text = new string('w', 20000);

        var output = await device.Session.ExecAsync("x = '" + text + "'\nprint(len(x), x == 'w' * 20000)", Token());

        Assert.Equal("20000 True\r\n", Encoding.UTF8.GetString(output));
        Assert.True(device.Session.LastCommandUsedRawPaste);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Deploy_FullThenOneFileChanged_LeavesExactlyTheImage_AndReadsBack(BoardKind kind)
    {
        var first = await BuildAsync(("a.bin", Random(40_000, 1)), ("b.bin", Random(30_000, 2)), ("main.py", Encoding.UTF8.GetBytes("print('v1')\n")));
        var second = await BuildAsync(("a.bin", Random(40_000, 1)), ("b.bin", Random(30_000, 2)), ("main.py", Encoding.UTF8.GetBytes("print('v2')\n")));
        using var board = await TestBoard.StartWebReplAsync(kind);
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, Options(), Token());

        var full = await new PartitionWriter(device.Session).DeployAsync(first, 0, null, Token());
        var changed = await new PartitionWriter(device.Session).DeployAsync(second, 0, null, Token());

        Assert.True(full!.Verified);
        Assert.Equal(kind == BoardKind.Upstream ? "File" : "Binary", full.Transfer);
        Assert.True(changed!.Verified);
        Assert.True(changed.BlocksSkipped > 0, "the one-file change should reuse blocks");
        Assert.True(changed.BlocksWritten < full.BlocksWritten);
        var reader = new PartitionReader(device.Session);
        Assert.Equal(second, await reader.ReadImageAsync(0, NullOperationReporter.Instance, Token()));
        await device.SoftResetAsync(Token());
        var info = (await new PartitionReader(device.Session).QueryAsync(new[] { 0 }, null, Token())).Single();
        Assert.Equal("/rom", info.MountPoint);
        Assert.Equal(RomfsImage.Parse(second).ComputeHash(), info.ImageHash);
        Assert.Equal("v2\r\n", Encoding.UTF8.GetString(await device.Session.ExecAsync("import main", Token())));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Deploy_LinkDroppedMidway_IsCompletedByARerun(BoardKind kind)
    {
        var image = await BuildAsync(("data.bin", Random(60_000, 4)));
        using var board = await TestBoard.StartWebReplAsync(kind);
        using (var first = await MicroPythonDevice.ConnectAsync(board.Port, Options(), Token()))
        {
            // The WiFi link goes: the socket closes under the deploy after its first progress report (a file batch
            // on upstream, which takes WebREPL file transfers; a few frames on the emulator, which refuses them).
            var reporter = new DroppingReporter(first.Session.Link, afterWrites: 1);
            var error = await Assert.ThrowsAsync<RomPartitionException>(() => new PartitionWriter(first.Session, reporter).DeployAsync(image, 0, null, Token()));
            Assert.Equal(PartitionState.Incomplete, error.State);
            Assert.Contains(board.Port, error.Message);
        }

        using var second = await MicroPythonDevice.ConnectAsync(board.Port, Options(), Token());
        var result = await new PartitionWriter(second.Session).DeployAsync(image, 0, null, Token());

        Assert.True(result!.Verified);
        Assert.True(result.BlocksSkipped > 0, "the re-run should reuse the blocks the first one wrote");
        Assert.Equal(image, await new PartitionReader(second.Session).ReadImageAsync(0, NullOperationReporter.Instance, Token()));
    }

    [Fact]
    public async Task Deploy_OverASlowLink_AndAfterTheEmulatorDropsTheConnection_CompletesOnARerun()
    {
        // The emulator drops each connection after 28,000 REPL bytes: late in the first run, which leaves most blocks
        // written, and beyond what the re-run needs.
        var image = await BuildAsync(("data.bin", Random(40_000, 5)));
        using var board = await TestBoard.StartWebReplAsync(BoardKind.Emulator, "--baud", "230400", "--drop-after", "28000");
        using (var first = await MicroPythonDevice.ConnectAsync(board.Port, Options(), Token()))
        {
            var error = await Assert.ThrowsAsync<RomPartitionException>(() => new PartitionWriter(first.Session).DeployAsync(image, 0, null, Token()));
            Assert.Equal(PartitionState.Incomplete, error.State);
        }

        using var second = await MicroPythonDevice.ConnectAsync(board.Port, Options(), Token());
        var result = await new PartitionWriter(second.Session).DeployAsync(image, 0, null, Token());

        Assert.True(result!.Verified);
        Assert.True(result.BlocksSkipped > 0);
        Assert.Equal(image, await new PartitionReader(second.Session).ReadImageAsync(0, NullOperationReporter.Instance, Token()));
    }

    [Fact]
    public async Task Fleet_OfThreeUpstreamWebReplBoards_ConnectsAndDeploysToEach()
    {
        var image = await BuildAsync(("data.bin", Random(20_000, 6)), ("main.py", Encoding.UTF8.GetBytes("print('fleet')\n")));
        var boards = new List<TestBoard>();
        try
        {
            boards.AddRange(await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => TestBoard.StartWebReplAsync(BoardKind.Upstream))));
            var ports = boards.Select(b => b.Port).ToList();
            Assert.Equal(3, ports.Distinct().Count());

            var outcomes = await FleetConnection.ConnectAsync(ports, Options(), null, Token());
            var devices = outcomes.Select(o => o.Value ?? throw new InvalidOperationException(o.Exception?.Message)).ToList();
            try
            {
                var results = await FleetDeployment.PublishAsync(devices.Select(d => new DeployTarget(d, 0)).ToList(), image, null, true, null, null, Token());

                Assert.Equal(ports, results.Select(r => r.Port));
                Assert.All(results, r => Assert.True(r.Succeeded && r.Verified, r.Error));
                foreach (var board in boards)
                {
                    Assert.Equal(image, board.Upstream!.ReadFlash(0).Take(image.Length));
                }
            }
            finally
            {
                devices.ForEach(d => d.Dispose());
            }
        }
        finally
        {
            boards.ForEach(b => b.Dispose());
        }
    }

    private static DeviceConnectionOptions Options(string password = TestBoard.WebReplPassword) =>
        new() { Password = Secure(password), Timeout = TimeSpan.FromSeconds(20) };

    private static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (var c in text)
        {
            secure.AppendChar(c);
        }

        secure.MakeReadOnly();
        return secure;
    }

    private static CancellationToken Token() => new CancellationTokenSource(TestTimeout).Token;

    private static byte[] Random(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static Task<byte[]> BuildAsync(params (string Path, byte[] Data)[] files) =>
        RomfsBuilder.BuildAsync(files.Select(f => RomfsSourceItem.ForBytes(f.Path, f.Data)).ToList(), new RomfsBuildOptions { CompileMpy = false }, CancellationToken.None);

    /// <summary>Closes the link after a number of write reports, as a WiFi link that goes away.</summary>
    private sealed class DroppingReporter : IOperationReporter
    {
        private readonly IDeviceLink _link;
        private readonly int _afterWrites;
        private int _writes;

        public DroppingReporter(IDeviceLink link, int afterWrites)
        {
            _link = link;
            _afterWrites = afterWrites;
        }

        public void Progress(OperationProgress progress)
        {
            if (!progress.IsCompleted && ++_writes == _afterWrites)
            {
                _link.Dispose();
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
}
