using System.Diagnostics;
using MicroPythonRomfs.Cli;
using MicroPythonRomfs.Tests.Device.Emulator;

namespace MicroPythonRomfs.Module.Tests.Cli;

public class MpromfsWatchCommandTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public void Watch_WithoutAPort_IsAUsageError()
    {
        var tree = Directory.CreateTempSubdirectory("mpromfs-watch-").FullName;
        try
        {
            var run = MpromfsRun.Of("watch", tree);

            Assert.Equal(2, run.ExitCode);
            Assert.Contains("needs --port", run.Error);
        }
        finally
        {
            Directory.Delete(tree, recursive: true);
        }
    }

    [Fact]
    public void Watch_OfAMissingFolder_ExitsOne()
    {
        var run = MpromfsRun.Of("watch", "--port", "socket://127.0.0.1:9", Path.Combine(Path.GetTempPath(), "no-such-folder-" + Guid.NewGuid().ToString("N")));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("is not a folder", run.Error);
    }

    [Fact]
    public async Task Watch_RunsTheProgram_RedeploysAfterAnEdit_AndStopsCleanlyOnCtrlC()
    {
        var tree = Directory.CreateTempSubdirectory("mpromfs-watch-").FullName;
        using var board = await BoardEmulator.StartTcpAsync();
        var main = Path.Combine(tree, "main.py");
        File.WriteAllText(main, "import time\nprint('first')\nwhile True:\n    time.sleep(0.05)\n");
        var output = new Captured();
        var error = new Captured();
        using var stop = new CancellationTokenSource();
        try
        {
            var running = Task.Run(() => MpromfsApp.RunAsync(new[] { "watch", "--port", board.Port, "--delta-layout", tree }, output.Writer, error.Writer, stop.Token));
            await WaitForAsync(output, "first\n", running);
            File.WriteAllText(main, "import time\nprint('second')\nwhile True:\n    time.sleep(0.05)\n");
            await WaitForAsync(output, "second\n", running);
            File.WriteAllText(main, "print('third'\n");
            await WaitForAsync(error, "[2] main.py:", running);
            stop.Cancel();
            var code = await running;

            Assert.Equal(0, code);
            var errors = error.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains("delta-friendly layout", errors[0]);
            Assert.StartsWith("mpromfs watch: [0] initial deploy: 1 compiled, ", errors[1]);
            Assert.StartsWith("mpromfs watch: [1] main.py: 1 compiled, ", errors[2]);
            Assert.Contains(" ms after the save", errors[2]);
            Assert.StartsWith("mpromfs watch: [2] main.py:", errors[3]);
            Assert.Contains("nothing deployed", errors[3]);
            Assert.StartsWith("mpromfs watch: stopped; " + board.Port + " holds the last good image (sha256 ", errors[^1]);
            Assert.DoesNotContain("third", output.Text);
        }
        finally
        {
            stop.Cancel();
            Directory.Delete(tree, recursive: true);
        }
    }

    [Fact]
    public async Task Watch_StopsCleanlyOnSigterm_AsOnCtrlC()
    {
        var tree = Directory.CreateTempSubdirectory("mpromfs-watch-").FullName;
        using var board = await BoardEmulator.StartTcpAsync();
        File.WriteAllText(Path.Combine(tree, "main.py"), "import time\nprint('first')\nwhile True:\n    time.sleep(0.05)\n");
        var info = MpromfsProcess.StartInfo("watch", "--port", board.Port, tree);
        using var process = Process.Start(info)!;
        try
        {
            var error = process.StandardError.ReadToEndAsync();
            var clock = Stopwatch.StartNew();
            string? line;
            while ((line = await process.StandardOutput.ReadLineAsync().WaitAsync(Patience)) != "first")
            {
                Assert.True(line != null && clock.Elapsed < Patience, "mpromfs watch did not print the program's first line.");
            }

            using (var kill = Process.Start("kill", new[] { "-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) })!)
            {
                await kill.WaitForExitAsync();
            }

            await process.WaitForExitAsync().WaitAsync(Patience);
            var errors = (await error).Split('\n', StringSplitOptions.RemoveEmptyEntries);

            Assert.Equal(0, process.ExitCode);
            Assert.StartsWith("mpromfs watch: stopped; " + board.Port + " holds the last good image (sha256 ", errors[^1]);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            Directory.Delete(tree, recursive: true);
        }
    }

    private static async Task WaitForAsync(Captured writer, string text, Task<int> running)
    {
        var clock = Stopwatch.StartNew();
        while (!writer.Text.Contains(text, StringComparison.Ordinal))
        {
            if (running.IsCompleted)
            {
                throw new InvalidOperationException($"mpromfs watch ended with {running.Result} before printing '{text}'.");
            }

            if (clock.Elapsed > Patience)
            {
                throw new TimeoutException($"mpromfs watch did not print '{text}'.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>A writer the command writes to from worker threads while the test reads what it wrote.</summary>
    private sealed class Captured
    {
        private readonly StringWriter _inner = new() { NewLine = "\n" };

        public Captured() => Writer = TextWriter.Synchronized(_inner);

        public TextWriter Writer { get; }

        // The synchronized writer locks itself around every write.
        public string Text
        {
            get
            {
                lock (Writer)
                {
                    return _inner.ToString();
                }
            }
        }
    }
}
