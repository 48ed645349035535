using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Mpy;
using MicroPythonRomfs.Partitions;
using MicroPythonRomfs.Romfs;
using MicroPythonRomfs.Tests;
using MicroPythonRomfs.Tests.Device.Emulator;
using MicroPythonRomfs.Tests.Device.Rig;
using MicroPythonRomfs.Watch;

namespace MicroPythonRomfs.Bench;

/// <summary>
/// The edit–run loop: a watch session on the weather-station example and on a 300 KB app (the big vector tree plus
/// the example's sources), with a one-line change to one .py per iteration, on the upstream board (the rig, paced by a
/// relay) and the emulator (paced by its --baud), unpaced and at 115200 baud, in upstream's layout and the
/// delta-friendly one. Prints the median save-to-running (file written → the new output's first line seen by the
/// host), the session's own save-to-running, bytes sent and blocks written per iteration.
/// </summary>
internal static class WatchBenchmark
{
    private const int Edits = 7;

    public static int Run(string[] args)
    {
        // Arguments: the boards (upstream, emulator) and optionally a transfer mode (auto, text, binary).
        var transfer = args.Select(a => Enum.TryParse<TransferMode>(a, ignoreCase: true, out var mode) ? mode : (TransferMode?)null).LastOrDefault(m => m != null) ?? TransferMode.Auto;
        var boards = args.Where(a => !Enum.TryParse<TransferMode>(a, ignoreCase: true, out _)).ToArray();
        boards = boards.Length > 0 ? boards : new[] { "upstream", "emulator" };
        Console.WriteLine("transfer: " + transfer);
        Console.WriteLine("board     app             link     layout    median ms  session ms   sent B  blocks  (per iteration, medians of " + Edits + " edits; 3 when an edit takes over 10 s)");
        foreach (var board in boards)
        {
            foreach (var baud in new[] { 0, 115200 })
            {
                foreach (var app in new[] { "weather-station", "300KB-app" })
                {
                    foreach (var delta in new[] { false, true })
                    {
                        RunOneAsync(board, app, baud, delta, transfer).GetAwaiter().GetResult();
                    }
                }
            }
        }

        return 0;
    }

    private static async Task RunOneAsync(string boardKind, string app, int baud, bool delta, TransferMode transfer)
    {
        var tree = Path.Combine(Path.GetTempPath(), "mpromfs-bench-watch-" + Guid.NewGuid().ToString("N"));
        try
        {
            MakeTree(tree, app);
            BoardEmulator? emulator = null;
            UpstreamBoard? upstream = null;
            PacedRelay? relay = null;
            string port;
            if (boardKind == "emulator")
            {
                var arguments = new List<string> { "--partition", "524288", "--partition", "65536" };
                if (baud > 0)
                {
                    arguments.AddRange(new[] { "--baud", baud.ToString(CultureInfo.InvariantCulture) });
                }

                emulator = await BoardEmulator.StartTcpAsync(arguments.ToArray());
                port = emulator.Port;
            }
            else
            {
                upstream = await UpstreamBoard.StartTcpAsync(new UpstreamBoardOptions { Rom0Size = 524288 });
                relay = baud > 0 ? new PacedRelay(upstream.Port, baud) : null;
                port = relay?.Port ?? upstream.Port;
            }

            try
            {
                using var device = await MicroPythonDevice.ConnectAsync(port, new DeviceConnectionOptions { Timeout = TimeSpan.FromSeconds(30) }, CancellationToken.None);
                var figures = await MeasureAsync(device, tree, delta, transfer);
                Console.WriteLine(string.Format(
                    CultureInfo.InvariantCulture,
                    "{0,-9} {1,-15} {2,-8} {3,-9} {4,9:F0} {5,11:F0} {6,8:F0} {7,7:F1}",
                    boardKind,
                    app,
                    baud > 0 ? "115200" : "unpaced",
                    delta ? "delta" : "upstream",
                    figures.FirstLineMs,
                    figures.SessionMs,
                    figures.BytesSent,
                    figures.Blocks));
            }
            finally
            {
                relay?.Dispose();
                emulator?.Dispose();
                upstream?.Dispose();
            }
        }
        finally
        {
            Directory.Delete(tree, recursive: true);
        }
    }

    private static void MakeTree(string tree, string app)
    {
        Copy(Path.Combine(TestPaths.RepoRoot, "examples", "weather-station"), tree);
        if (app != "weather-station")
        {
            Copy(TestPaths.VectorTree("big"), tree);
        }

        // An import of main does not run run() (it is under if __name__ == "__main__"); this line is what each edit changes.
        File.AppendAllText(Path.Combine(tree, "main.py"), "print('rev 0')\n");
    }

    private static async Task<(double FirstLineMs, double SessionMs, double BytesSent, double Blocks)> MeasureAsync(MicroPythonDevice device, string tree, bool delta, TransferMode transfer)
    {
        var target = device.Info.MpyValue is int mpy ? MpyVersionInfo.FromSysImplementation(mpy) : null;
        var compiler = await MpyCompilerSelection.ResolveAsync(MpyCompilerKind.Managed, null, new MpyCrossOptions(), null, CancellationToken.None);
        var listener = new Listener();
        var session = new WatchSession(
            device,
            new WatchOptions
            {
                SourceDirectory = tree,
                Build = new RomfsBuildOptions { Compiler = compiler, Target = target, RejectIncompatibleMpy = target != null },
                Deploy = new DeployOptions { Transfer = transfer },
                DeltaLayout = delta,
                Debounce = TimeSpan.FromMilliseconds(30),
            },
            listener);
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => session.RunAsync(stop.Token));
        await listener.WaitForAsync("rev 0", running);

        var firstLine = new List<double>();
        var sessionMs = new List<double>();
        var sent = new List<double>();
        var blocks = new List<double>();
        var main = Path.Combine(tree, "main.py");
        var original = File.ReadAllText(main).Replace("print('rev 0')\n", string.Empty);
        for (var edit = 1; edit <= Edits; edit++)
        {
            // A one-line change whose length grows, as real edits change lengths.
            var line = "rev " + new string((char)('0' + edit), edit);
            var iterations = listener.Iterations.Count;
            var clock = Stopwatch.StartNew();
            File.WriteAllText(main, original + "print('" + line + "')\n");
            await listener.WaitForAsync(line, running);
            firstLine.Add(clock.Elapsed.TotalMilliseconds);
            var iteration = await listener.WaitForIterationAsync(iterations + 1, running);
            sessionMs.Add(iteration.Milliseconds ?? 0);
            sent.Add(iteration.BytesSent);
            blocks.Add(iteration.BlocksWritten);
            if (edit >= 3 && Median(firstLine) > 10000)
            {
                // A full rewrite per edit at 115200 baud takes a minute: three edits give the median.
                break;
            }

            await Task.Delay(200);
        }

        stop.Cancel();
        await running;
        return (Median(firstLine), Median(sessionMs), Median(sent), Median(blocks));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }
    }

    private sealed class Listener : IWatchListener
    {
        private readonly SemaphoreSlim _signal = new(0, int.MaxValue);

        public ConcurrentQueue<string> Lines { get; } = new();

        public ConcurrentQueue<WatchIteration> Iterations { get; } = new();

        public void BoardOutput(string line)
        {
            Lines.Enqueue(line);
            _signal.Release();
        }

        public void IterationCompleted(WatchIteration iteration)
        {
            if (!iteration.Succeeded)
            {
                Console.Error.WriteLine("bench: " + iteration);
            }

            Iterations.Enqueue(iteration);
            _signal.Release();
        }

        public async Task WaitForAsync(string line, Task running)
        {
            var clock = Stopwatch.StartNew();
            while (!Lines.Contains(line))
            {
                Check(running, clock, line);
                await _signal.WaitAsync(TimeSpan.FromMilliseconds(100));
            }
        }

        public async Task<WatchIteration> WaitForIterationAsync(int count, Task running)
        {
            var clock = Stopwatch.StartNew();
            while (Iterations.Count < count)
            {
                Check(running, clock, "iteration " + count);
                await _signal.WaitAsync(TimeSpan.FromMilliseconds(100));
            }

            return Iterations.ElementAt(count - 1);
        }

        private void Check(Task running, Stopwatch clock, string what)
        {
            if (running.IsCompleted)
            {
                running.GetAwaiter().GetResult();
                throw new InvalidOperationException("The session ended.");
            }

            if (clock.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException($"Waited too long for {what}; the board printed: {string.Join(" | ", Lines.TakeLast(5))}; {string.Join(" | ", Iterations.TakeLast(3))}");
            }
        }
    }
}
