using MicroPythonRomfs.Tests.Device;

namespace MicroPythonRomfs.Module.Tests.Cli;

public class MpromfsDeviceCommandTests
{
    public static TheoryData<BoardKind> Boards() => TestBoard.Kinds();

    [Theory]
    [MemberData(nameof(Boards))]
    public async Task Exec_PrintsTheBoardsOutput_AndExitsZero(BoardKind kind)
    {
        using var board = await TestBoard.StartTcpAsync(kind);

        var run = MpromfsRun.Of("exec", "--port", board.Port, "for i in range(3): print('line', i)");

        Assert.Equal("", run.Error);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("line 0\r\nline 1\r\nline 2\r\n", run.Output);
    }

    [Theory]
    [MemberData(nameof(Boards))]
    public async Task Exec_ExitsNonZero_AndPrintsTheTraceback_WhenTheCodeRaises(BoardKind kind)
    {
        using var board = await TestBoard.StartTcpAsync(kind);

        var run = MpromfsRun.Of("--port", board.Port, "exec", "print('before'); 1/0");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("before\r\n", run.Output);
        Assert.Contains("ZeroDivisionError", run.Error);
        Assert.Contains($"mpromfs: the code raised ZeroDivisionError on {board.Port}.", run.Error);
    }

    [Fact]
    public void Exec_WithoutAPort_IsAUsageError()
    {
        var run = MpromfsRun.Of("exec", "print(1)");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--port", run.Error);
    }

    [Fact]
    public void Exec_NamesThePort_WhenItDoesNotExist()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-port-" + Guid.NewGuid().ToString("N"));
        var run = MpromfsRun.Of("exec", "--port", missing, "print(1)");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"mpromfs: {missing} does not exist", run.Error);
    }

    [Fact]
    public void Devs_ListsPortsAndExitsZero()
    {
        var run = MpromfsRun.Of("devs");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.All(run.OutputLines, line =>
        {
            Assert.StartsWith("/dev/", line);
            Assert.True(line.Split(' ').Length >= 5, line);
        });
    }
}
