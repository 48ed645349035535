using System.Security.Cryptography;
using System.Text;
using MicroPythonRomfs.Tests;
using MicroPythonRomfs.Tests.Device.Emulator;

namespace MicroPythonRomfs.Module.Tests.Cli;

public class MpromfsFleetCommandTests
{
    [Fact]
    public async Task Deploy_ToFourPorts_OneTooSmall_PrintsALinePerBoardAndASummary_AndExitsOne()
    {
        var boards = await Task.WhenAll(
            BoardEmulator.StartTcpAsync(),
            BoardEmulator.StartTcpAsync(),
            BoardEmulator.StartTcpAsync("--block-size", "1024", "--partition", "1024"),
            BoardEmulator.StartPtyAsync());
        try
        {
            var image = TestPaths.VectorImage("basic.mpy.romfs");

            var run = MpromfsRun.Of("deploy", "--port", boards[0].Port, "--port", boards[1].Port, "--port", boards[2].Port, "--port", boards[3].Port, image);

            Assert.Equal(1, run.ExitCode);
            foreach (var good in new[] { boards[0], boards[1], boards[3] })
            {
                Assert.Contains(run.OutputLines, line => line.StartsWith($"{good.Port}: deployed 2088 bytes to partition 0: 1 block written, 0 unchanged, ", StringComparison.Ordinal) && line.Contains(", verified, "));
            }

            Assert.Equal($"mpromfs: {boards[2].Port}: The image is 2,088 bytes, too big for ROM partition 0 of {boards[2].Port} (1,024 bytes). Nothing was written.\n", run.Error);
            Assert.StartsWith($"deployed to 3 of 4 boards; failed: {boards[2].Port}, ", run.OutputLines.Last());
            Assert.Equal(4, run.OutputLines.Length);
        }
        finally
        {
            foreach (var board in boards)
            {
                board.Dispose();
            }
        }
    }

    [Fact]
    public async Task Deploy_OfAFolderToThreeBoards_CompilesEachSourceOnce_AndEveryBoardGetsTheUpstreamImage()
    {
        var temp = ModulePaths.NewTempFolder();
        var boards = await Task.WhenAll(BoardEmulator.StartTcpAsync(), BoardEmulator.StartTcpAsync(), BoardEmulator.StartTcpAsync());
        try
        {
            // A wrapper that logs each call, so the test counts compilations across the whole fleet deploy.
            var log = Path.Combine(temp, "calls.log");
            var wrapper = Path.Combine(temp, "mpy-cross");
            File.WriteAllText(wrapper, $"#!/bin/sh\necho \"$*\" >> '{log}'\nexec '{MpyCrossStandIn.ExecutablePath}' \"$@\"\n");
            if (OperatingSystem.IsWindows())
            {
                throw new PlatformNotSupportedException("The board emulator tests run on POSIX hosts (socat, ptys, sh).");
            }

            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

            var run = MpromfsRun.Of("deploy", "--port", boards[0].Port, "--port", boards[1].Port, "--port", boards[2].Port, "--mpy-cross", wrapper, Path.Combine(ModulePaths.Vectors, "trees", "basic"));

            Assert.Equal((0, ""), (run.ExitCode, run.Error));
            var compilations = File.ReadAllLines(log).Where(line => line.Contains("-o ", StringComparison.Ordinal)).ToList();
            Assert.Equal(4, compilations.Count); // main.py, config.py, lib/module1.py, lib/module2.py: once each, not once per board
            foreach (var board in boards)
            {
                Assert.Contains(run.OutputLines, line => line.StartsWith($"{board.Port}: deployed 2088 bytes to partition 0: 1 block written", StringComparison.Ordinal));
            }

            Assert.StartsWith("deployed to 3 of 3 boards, ", run.OutputLines.Last());
        }
        finally
        {
            foreach (var board in boards)
            {
                board.Dispose();
            }

            Directory.Delete(temp, recursive: true);
        }
    }

    [Fact]
    public async Task Query_OfThreeBoards_OneWithoutRomfs_GivesAnInventoryLinePerPartition_AndExitsOne()
    {
        var boards = await Task.WhenAll(BoardEmulator.StartTcpAsync(), BoardEmulator.StartTcpAsync("--no-romfs"), BoardEmulator.StartPtyAsync());
        try
        {
            var run = MpromfsRun.Of("query", "--port", boards[0].Port, "--port", boards[1].Port, "--port", boards[2].Port);

            Assert.Equal(1, run.ExitCode);
            foreach (var good in new[] { boards[0], boards[2] })
            {
                Assert.Contains($"{good.Port}: partition 0: 262144 bytes, 64 blocks of 4096; no valid image", run.OutputLines);
                Assert.Contains($"{good.Port}: partition 1: 65536 bytes, 16 blocks of 4096; no valid image", run.OutputLines);
            }

            Assert.StartsWith($"mpromfs: {boards[1].Port}: ", run.Error);
            Assert.Contains("has no ROMFS support", run.Error);
            Assert.StartsWith($"queried 2 of 3 boards; failed: {boards[1].Port}, ", run.OutputLines.Last());
        }
        finally
        {
            foreach (var board in boards)
            {
                board.Dispose();
            }
        }
    }

    [Fact]
    public async Task Exec_OnTwoBoardsAndAMissingPort_TagsEachLine_ReportsEachFailureOnItsOwn_AndExitsOne()
    {
        using var first = await BoardEmulator.StartTcpAsync();
        using var second = await BoardEmulator.StartTcpAsync();
        var missing = Path.Combine(Path.GetTempPath(), "no-such-port-" + Guid.NewGuid().ToString("N"));
        var code = "import machine\nprint('id', machine.unique_id().hex())\nif machine.unique_id().hex() == '" + UniqueIdOf(second) + "':\n    raise OSError(5)\nprint('done')";

        var run = MpromfsRun.Of("exec", "--port", first.Port, "--port", missing, "--port", second.Port, code);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{first.Port}: id {UniqueIdOf(first)}", run.OutputLines);
        Assert.Contains($"{first.Port}: done", run.OutputLines);
        Assert.Contains($"{second.Port}: id {UniqueIdOf(second)}", run.OutputLines);
        Assert.DoesNotContain($"{second.Port}: done", run.OutputLines);
        Assert.Contains($"mpromfs: {missing}: {missing} does not exist", run.Error);
        Assert.Contains($"mpromfs: {second.Port}: the code raised OSError.", run.Error);
        Assert.True(run.Error.Contains($"{second.Port}: OSError: [Errno 5] EIO"), run.Error);
        Assert.StartsWith($"ran on 1 of 3 boards; failed: {missing}, {second.Port}, ", run.OutputLines.Last());
    }

    [Fact]
    public async Task Exec_OnOnePortGivenTwice_RunsOnce_WithoutPrefixes()
    {
        using var board = await BoardEmulator.StartTcpAsync();

        var run = MpromfsRun.Of("exec", "--port", board.Port, "--port", board.Port, "print('once')");

        Assert.Equal((0, "once\r\n", ""), (run.ExitCode, run.Output, run.Error));
    }

    [Fact]
    public void Save_WithTwoPorts_IsAUsageError()
    {
        var run = MpromfsRun.Of("save", "--port", "socket://127.0.0.1:1", "--port", "socket://127.0.0.1:2", "-o", Path.Combine(Path.GetTempPath(), "never-written.romfs"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("one board", run.Error);
    }

    [Fact]
    public void All_TogetherWithPort_IsAUsageError()
    {
        var run = MpromfsRun.Of("query", "--all", "--port", "socket://127.0.0.1:1");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("either --port or --all", run.Error);
    }

    [Fact]
    public void Query_WithAPortWildcardMatchingNothing_IsAUsageError_NamingThePattern()
    {
        var pattern = "/dev/mpromfs-no-such-port-*";

        var run = MpromfsRun.Of("query", "--port", pattern);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"mpromfs: no listed serial port matches {pattern} (list them with 'mpromfs devs').\n", run.Error);
    }

    [Fact]
    public void All_WithAUsbIdNoPortHas_IsAUsageError()
    {
        var run = MpromfsRun.Of("exec", "--all", "--usb-id", "ffff:fff?", "print(1)");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--all found no matching serial ports", run.Error);
    }

    private static string UniqueIdOf(BoardEmulator board) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(board.StateDir)).AsSpan(0, 8)).ToLowerInvariant();
}
