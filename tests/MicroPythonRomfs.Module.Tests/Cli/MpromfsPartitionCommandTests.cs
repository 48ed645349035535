using MicroPythonRomfs.Tests;
using MicroPythonRomfs.Tests.Device;
using MicroPythonRomfs.Tests.Device.Emulator;

namespace MicroPythonRomfs.Module.Tests.Cli;

public class MpromfsPartitionCommandTests
{
    public static TheoryData<BoardKind> Boards() => TestBoard.Kinds();

    [Theory]
    [MemberData(nameof(Boards))]
    public async Task Deploy_WritesTheImage_ThenQueryAndSaveReadItBack(BoardKind kind)
    {
        var image = TestPaths.VectorImage("basic.mpy.romfs");
        var saved = Path.Combine(Path.GetTempPath(), "mpromfs-save-" + Guid.NewGuid().ToString("N") + ".romfs");
        using var board = await TestBoard.StartTcpAsync(kind);
        try
        {
            var deploy = MpromfsRun.Of("deploy", "--port", board.Port, "-p", "1", image);
            var again = MpromfsRun.Of("deploy", "--port", board.Port, "-p", "1", image);
            var query = MpromfsRun.Of("query", "--port", board.Port, "-p", "1", "--contents");
            var save = MpromfsRun.Of("save", "--port", board.Port, "-p", "1", "-o", saved);

            Assert.Equal((0, ""), (deploy.ExitCode, deploy.Error));
            Assert.StartsWith($"deployed 2088 bytes to partition 1 of {board.Port}: 1 block written, 0 unchanged, ", deploy.Output);
            Assert.Contains(", verified, ", deploy.Output);
            Assert.Contains("0 blocks written, 1 unchanged", again.Output);
            Assert.Equal(0, query.ExitCode);
            Assert.StartsWith("partition 1: 65536 bytes, 16 blocks of 4096; image 2088 bytes sha256 f0847481d0833351", query.OutputLines[0]);
            Assert.Contains("  f 554 main.mpy", query.OutputLines);
            Assert.Contains(query.OutputLines, line => line.StartsWith("  d ", StringComparison.Ordinal) && line.EndsWith(" lib", StringComparison.Ordinal));
            Assert.Equal(0, save.ExitCode);
            Assert.Equal(File.ReadAllBytes(image), File.ReadAllBytes(saved));
        }
        finally
        {
            File.Delete(saved);
        }
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public async Task Deploy_OfAnImageTooBig_ExitsOne_SayingNothingWasWritten(BoardKind kind)
    {
        using var board = await TestBoard.StartTcpAsync(kind);

        var run = MpromfsRun.Of("deploy", "--port", board.Port, TestPaths.VectorImage("big.mpy.romfs"));

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Contains("too big for ROM partition 0", run.Error);
        Assert.Contains("Nothing was written.", run.Error);
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public async Task Deploy_OfAFolder_BuildsItFirst_AndTheBoardImportsFromIt(BoardKind kind)
    {
        using var board = await TestBoard.StartTcpAsync(kind);

        var run = MpromfsRun.Of("deploy", "--port", board.Port, "--reset", "--no-mpy", TestPaths.VectorTree("basic"));
        var import = MpromfsRun.Of("exec", "--port", board.Port, "import lib.module2\nprint(lib.module2.__file__)");

        Assert.Equal((0, ""), (run.ExitCode, run.Error));
        Assert.Equal("/rom/lib/module2.py\r\n", import.Output);
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public async Task Deploy_OfAFolder_CompilesItForTheBoard_AndTheBoardRunsTheMpyFiles(BoardKind kind)
    {
        using var board = await TestBoard.StartTcpAsync(kind);

        var run = MpromfsRun.Of("deploy", "--port", board.Port, "--reset", "--mpy-cross", MpyCrossStandIn.ExecutablePath, TestPaths.VectorTree("basic"));
        var saved = Path.Combine(Path.GetTempPath(), "mpromfs-compiled-" + Guid.NewGuid().ToString("N") + ".romfs");
        try
        {
            var save = MpromfsRun.Of("save", "--port", board.Port, "-o", saved);
            var import = MpromfsRun.Of("exec", "--port", board.Port, "import lib.module1\nprint(lib.module1.__file__, lib.module1.describe())");

            Assert.Equal((0, ""), (run.ExitCode, run.Error));
            Assert.Equal(0, save.ExitCode);
            Assert.Equal(File.ReadAllBytes(TestPaths.VectorImage("basic.mpy.romfs")), File.ReadAllBytes(saved));
            Assert.StartsWith("/rom/lib/module1.mpy ", import.Output);
        }
        finally
        {
            File.Delete(saved);
        }
    }

    [Fact]
    public async Task Query_OfABoardWithoutRomfs_ExitsOne()
    {
        using var board = await BoardEmulator.StartTcpAsync("--no-romfs");

        var run = MpromfsRun.Of("query", "--port", board.Port);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("has no ROMFS support", run.Error);
    }
}
