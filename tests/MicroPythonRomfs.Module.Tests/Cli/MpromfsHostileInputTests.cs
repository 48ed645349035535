namespace MicroPythonRomfs.Module.Tests.Cli;

/// <summary>Boards, images and options that used to reach the user as a .NET stack trace, a hang or unbounded memory.</summary>
public sealed class MpromfsHostileInputTests : IDisposable
{
    private const string Capabilities = "[True, True, False, False, False, True, True, True, {0}]";

    private readonly string _temp = ModulePaths.NewTempFolder();

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public void Query_OfABoardWhoseProbePrintsNone_FailsInOneLineNamingThePort()
    {
        using var board = new ScriptedTcpBoard(_ => ("None\r\n", string.Empty));

        var run = MpromfsRun.Of("query", "--port", board.Port);

        AssertOneLineFailure(run, board.Port);
        Assert.Contains("device probe", run.Error);
    }

    [Fact]
    public void Query_OfABoardThatRaisesDuringConnect_FailsInOneLineNamingThePortAndTheError()
    {
        using var board = new ScriptedTcpBoard(_ => (string.Empty, "Traceback (most recent call last):\r\n  File \"<stdin>\", line 3, in <module>\r\nMemoryError: memory allocation failed, allocating 4096 bytes\r\n"));

        var run = MpromfsRun.Of("query", "--port", board.Port);

        AssertOneLineFailure(run, board.Port);
        Assert.Contains("MemoryError", run.Error);
    }

    [Fact]
    public void Query_OfABoardClaiming2Pow40Partitions_FailsInOneLineNamingThePort()
    {
        using var board = ScriptedTcpBoard.WithPartitions(code =>
            code.Contains("[x is not None", StringComparison.Ordinal) ? (string.Format(System.Globalization.CultureInfo.InvariantCulture, Capabilities, 1L << 40) + "\r\n", string.Empty) : ("None\r\n", string.Empty));

        var run = MpromfsRun.Of("query", "--port", board.Port);

        AssertOneLineFailure(run, board.Port);
        Assert.Contains("ROM partitions", run.Error);
    }

    [Fact]
    public void SaveWhole_OfAPartitionClaiming2Pow40Bytes_FailsInOneLineNamingThePartitionAndWritesNothing()
    {
        var output = Path.Combine(_temp, "whole.bin");
        using var board = ScriptedTcpBoard.WithPartitions(code =>
            code.Contains("[x is not None", StringComparison.Ordinal) ? (string.Format(System.Globalization.CultureInfo.InvariantCulture, Capabilities, 1) + "\r\n", string.Empty)
            : code.Contains("_p(0)", StringComparison.Ordinal) ? ($"(0, {1L << 40}, 4096)\r\n", string.Empty)
            : ("None\r\n", string.Empty));

        var run = MpromfsRun.Of("save", "--port", board.Port, "--whole", "-o", output);

        AssertOneLineFailure(run, board.Port);
        Assert.Contains("partition 0", run.Error);
        Assert.Contains((1L << 40).ToString(System.Globalization.CultureInfo.InvariantCulture), run.Error);
        Assert.Empty(Directory.GetFileSystemEntries(_temp));
    }

    [Fact]
    public void Query_OfABoardThatFloodsItsAnswer_FailsInOneLineNamingThePortInsteadOfBufferingWithoutLimit()
    {
        using var board = ScriptedTcpBoard.WithPartitions(_ => null);

        var run = MpromfsRun.Of("query", "--port", board.Port);

        AssertOneLineFailure(run, board.Port);
        Assert.Contains("printed more than", run.Error);
    }

    [Theory]
    [InlineData("exec", "--timeout", "-1")]
    [InlineData("query", "--throttle-limit", "0")]
    [InlineData("query", "--baud", "0")]
    [InlineData("query", "--partition", "-1")]
    [InlineData("deploy", "--partition", "-2")]
    [InlineData("save", "--partition", "-1")]
    [InlineData("exec", "--timeout", "99999999")]
    public void DeviceCommand_WithANumericOptionOutOfRange_IsAUsageErrorBeforeAnyBoardIsOpened(string command, string option, string value)
    {
        var args = new List<string> { command, "--port", "socket://127.0.0.1:1", option, value };
        args.Add(command switch { "exec" => "print(1)", "deploy" => "image.romfs", _ => string.Empty });
        if (command == "save")
        {
            args.AddRange(new[] { "-o", "out.bin" });
        }

        var run = MpromfsRun.Of(args.Where(a => a.Length > 0).ToArray());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(option, run.Error);
        Assert.Contains("out of range", run.Error);
        Assert.DoesNotContain("socket://", run.Error);
    }

    [Fact]
    public void Build_WithAnAlignmentThatIsNotAPowerOfTwo_IsAUsageError()
    {
        Directory.CreateDirectory(Path.Combine(_temp, "src"));
        File.WriteAllText(Path.Combine(_temp, "src", "a.txt"), "a");

        var run = MpromfsRun.Of("build", "--align", "3", Path.Combine(_temp, "src"), "-o", Path.Combine(_temp, "out.romfs"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("power of two", run.Error);
        Assert.False(File.Exists(Path.Combine(_temp, "out.romfs")));
    }

    [Fact]
    public async Task Ls_OfAFifo_FailsInOneLineWithoutWaitingForAWriter()
    {
        var fifo = Path.Combine(_temp, "image.romfs");
        using (var mkfifo = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("mkfifo", fifo) { UseShellExecute = false })!)
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var ls = Task.Run(() => MpromfsRun.Of("ls", fifo));
        Assert.Same(ls, await Task.WhenAny(ls, Task.Delay(TimeSpan.FromMinutes(2))));
        var run = await ls;

        AssertOneLineFailure(run, fifo);
        Assert.Contains("FIFO", run.Error);
    }

    private static void AssertOneLineFailure(MpromfsRun run, string named)
    {
        Assert.Equal(1, run.ExitCode);
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("mpromfs: ", lines[0]);
        Assert.Contains(named, lines[0]);
        Assert.DoesNotContain("internal error", lines[0]);
        Assert.DoesNotContain("   at ", run.Error);
    }
}
