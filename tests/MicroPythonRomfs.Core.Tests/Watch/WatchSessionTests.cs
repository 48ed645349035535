using MicroPythonRomfs.Device;
using MicroPythonRomfs.Partitions;
using MicroPythonRomfs.Romfs;
using MicroPythonRomfs.Tests.Device;
using MicroPythonRomfs.Tests.Device.Rig;

namespace MicroPythonRomfs.Tests.Watch;

/// <summary>
/// The edit–run loop end to end, on the emulator and on upstream firmware: a temp tree is edited and the test waits
/// for the board's new output.
/// </summary>
public class WatchSessionTests
{
    public static TheoryData<BoardKind, TransferMode, bool> TcpCases() => new()
    {
        { BoardKind.Emulator, TransferMode.Auto, false },
        { BoardKind.Emulator, TransferMode.Text, false },
        { BoardKind.Emulator, TransferMode.Binary, true },
        { BoardKind.Upstream, TransferMode.Auto, false },
        { BoardKind.Upstream, TransferMode.Text, true },
        { BoardKind.Upstream, TransferMode.Binary, false },
    };

    [Theory]
    [MemberData(nameof(TcpCases))]
    public async Task Watch_RunsEveryGoodEdit_AndDeploysNothingForABadOne_OverTcp(BoardKind kind, TransferMode transfer, bool deltaLayout)
    {
        using var tree = NewTree();
        using var board = await TestBoard.StartTcpAsync(kind);
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, CancellationToken.None);
        await using var watch = await WatchHarness.StartAsync(device, tree.Path, transfer, deltaLayout);

        await TenEditsAsync(watch);
    }

    [Theory]
    [MemberData(nameof(TestBoard.Kinds), MemberType = typeof(TestBoard))]
    public async Task Watch_RunsEveryGoodEdit_OverASerialPort(BoardKind kind)
    {
        using var tree = NewTree();
        using var board = await TestBoard.StartPtyAsync(kind);
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, CancellationToken.None);
        await using var watch = await WatchHarness.StartAsync(device, tree.Path, TransferMode.Auto, deltaLayout: true);

        await TenEditsAsync(watch);
    }

    [Theory]
    [MemberData(nameof(TestBoard.Kinds), MemberType = typeof(TestBoard))]
    public async Task Watch_EditingAModule_ReachesTheBoard_AndOnlyItIsCompiled(BoardKind kind)
    {
        using var tree = NewTree();
        using var board = await TestBoard.StartTcpAsync(kind);
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, CancellationToken.None);
        await using var watch = await WatchHarness.StartAsync(device, tree.Path);
        await watch.WaitForLineAsync("v0 h0");
        var first = await watch.WaitForIterationAsync(1);
        Assert.Equal(2, first.CompiledFiles);

        watch.Save("helper.py", "NAME = 'h1'\n");
        await watch.WaitForLineAsync("v0 h1");
        var second = await watch.WaitForIterationAsync(2);

        Assert.Equal(new[] { "helper.py" }, second.ChangedFiles);
        Assert.Equal(1, second.CompiledFiles);
        Assert.True(second.Succeeded);
    }

    [Fact]
    public async Task Watch_RunsAFunctionAfterTheImport_WhenRunNamesOne()
    {
        using var tree = new TempFolder();
        tree.WriteFile("app.py", "print('imported')\ndef start():\n    print('started')\nif __name__ == '__main__':\n    print('never')\n");
        using var board = await TestBoard.StartTcpAsync(BoardKind.Emulator);
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, CancellationToken.None);
        await using var watch = await WatchHarness.StartAsync(device, tree.Path, run: "app:start");

        await watch.WaitForLineAsync("started");

        Assert.Equal(new[] { "imported", "started" }, watch.Lines);
        Assert.Equal("app:start", (await watch.WaitForIterationAsync(1)).Running);
    }

    [Fact]
    public async Task Watch_IgnoresEditorSwapFiles_AndKeepsThemOutOfTheImage()
    {
        using var tree = NewTree();
        using var board = await TestBoard.StartTcpAsync(BoardKind.Emulator);
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, CancellationToken.None);
        await using var watch = await WatchHarness.StartAsync(device, tree.Path);
        await watch.WaitForLineAsync("v0 h0");
        await watch.WaitForIterationAsync(1);

        tree.WriteFile(".main.py.swp", "binary swap");
        tree.WriteFile("main.py~", "backup");
        await Task.Delay(1000);
        watch.Save("main.py", Program(1));
        await watch.WaitForLineAsync("v1 h0");
        await watch.StopAsync();

        Assert.Equal(2, watch.Iterations.Count);
        Assert.Equal(new[] { "main.py" }, watch.Iterations.Last().ChangedFiles);
        var image = RomfsImage.Parse(watch.Session.LastGoodImage!);
        Assert.DoesNotContain(image.Entries, e => e.Path.Contains("swp") || e.Path.EndsWith("~", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Watch_WithTheDefaultLayout_LeavesExactlyWhatMpremoteBuilds_OnUpstreamFirmware()
    {
        using var tree = NewTree();
        using var board = await TestBoard.StartTcpAsync(BoardKind.Upstream);
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, CancellationToken.None);
        await using var watch = await WatchHarness.StartAsync(device, tree.Path);
        await watch.WaitForLineAsync("v0 h0");
        watch.Save("main.py", Program(1));
        await watch.WaitForLineAsync("v1 h0");
        await watch.StopAsync();

        using var output = new TempFolder();
        var upstreamImage = output.Combine("upstream.romfs");
        // Relative, as a user types it: mpremote embeds the path it was given in each .mpy.
        (await RigPaths.MpremoteAsync(new[] { "romfs", "-o", upstreamImage, "build", Path.GetFileName(tree.Path) }, Path.GetDirectoryName(tree.Path))).EnsureSuccess("mpremote romfs build");

        Assert.Equal(RomfsImage.Parse(File.ReadAllBytes(upstreamImage)).ComputeHash(), await watch.BoardImageHashAsync());
    }

    internal static string Program(int version, string extra = "") =>
        "import time\nimport helper\nprint('v" + version + "', helper.NAME)\n" + extra + "while True:\n    time.sleep(0.05)\n";

    internal static TempFolder NewTree()
    {
        var tree = new TempFolder();
        tree.WriteFile("main.py", Program(0));
        tree.WriteFile("helper.py", "NAME = 'h0'\n");
        tree.WriteFile("data/readme.txt", "static data\n");
        return tree;
    }

    /// <summary>
    /// Ten edits in a row, the fifth a syntax error: every good edit runs, the bad one deploys nothing and says where
    /// the error is, and the board ends holding the last good image (checked by its hash on the board).
    /// </summary>
    internal static async Task TenEditsAsync(WatchHarness watch)
    {
        await watch.WaitForLineAsync("v0 h0");
        Assert.True((await watch.WaitForIterationAsync(1)).Succeeded);
        for (var edit = 1; edit <= 10; edit++)
        {
            var seen = watch.Lines.Count;
            if (edit == 5)
            {
                watch.Save("main.py", "import helper\nprint('v5'\nx = (\n");
                var bad = await watch.WaitForIterationAsync(edit + 1);
                Assert.False(bad.Succeeded);
                Assert.Equal("CompileError", bad.ErrorId);
                Assert.Equal("main.py", bad.ErrorFile);
                Assert.NotNull(bad.ErrorLine);
                Assert.Contains("main.py:", bad.Error, StringComparison.Ordinal);
                Assert.Equal(0, bad.BytesSent);
                continue;
            }

            watch.Save("main.py", Program(edit));
            await watch.WaitForLineAsync($"v{edit} h0", seen);
            var good = await watch.WaitForIterationAsync(edit + 1);
            Assert.True(good.Succeeded, good.Error);
            Assert.Equal(new[] { "main.py" }, good.ChangedFiles);
            Assert.Equal(1, good.CompiledFiles);
            Assert.True(good.BlocksWritten >= 1);
        }

        await watch.StopAsync();

        // Session-level speed: after the first deploy the session's belief about the board was proven by one hash, and
        // every deploy was proven whole by the image's hash computed on the board.
        Assert.Equal(9, watch.Reporter.VerboseLines.Count(l => l.Contains("holds the image of the last deploy", StringComparison.Ordinal)));
        Assert.Equal(10, watch.Reporter.VerboseLines.Count(l => l.Contains("holds the whole image", StringComparison.Ordinal)));
        Assert.DoesNotContain(watch.Lines, l => l.StartsWith("v5", StringComparison.Ordinal));
        var lastGood = watch.Iterations.Last(i => i.Succeeded);
        Assert.Equal(lastGood.ImageHash, RomfsImage.Parse(watch.Session.LastGoodImage!).ComputeHash());
        Assert.Equal(lastGood.ImageHash, await watch.BoardImageHashAsync());
    }
}
