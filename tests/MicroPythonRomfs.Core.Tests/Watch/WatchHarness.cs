using System.Collections.Concurrent;
using System.Diagnostics;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Mpy;
using MicroPythonRomfs.Partitions;
using MicroPythonRomfs.Romfs;
using MicroPythonRomfs.Watch;

namespace MicroPythonRomfs.Tests.Watch;

/// <summary>
/// Runs a watch session on a connected board over a temp source tree for one test: records the board's output lines
/// and the iterations, and lets the test edit files and wait for what follows. Disposing stops the session.
/// </summary>
internal sealed class WatchHarness : IWatchListener, IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _changed = new(0, int.MaxValue);
    private Task? _running;

    private WatchHarness(MicroPythonDevice device, string tree, WatchSession session, RecordingReporter reporter)
    {
        Reporter = reporter;
        Device = device;
        Tree = tree;
        Session = session;
    }

    public MicroPythonDevice Device { get; }

    public string Tree { get; }

    public WatchSession Session { get; }

    public ConcurrentQueue<string> Lines { get; } = new();

    public ConcurrentQueue<WatchIteration> Iterations { get; } = new();

    public RecordingReporter Reporter { get; }

    public static async Task<WatchHarness> StartAsync(MicroPythonDevice device, string tree, TransferMode transfer = TransferMode.Auto, bool deltaLayout = false, string? run = null)
    {
        var target = device.Info.MpyValue is int mpy ? MpyVersionInfo.FromSysImplementation(mpy) : null;
        var compiler = await MpyCompilerSelection.ResolveAsync(MpyCompilerKind.Managed, null, new MpyCrossOptions(), null, CancellationToken.None);
        var options = new WatchOptions
        {
            SourceDirectory = tree,
            Build = new RomfsBuildOptions { Compiler = compiler, Target = target, RejectIncompatibleMpy = target != null },
            Deploy = new DeployOptions { Transfer = transfer },
            DeltaLayout = deltaLayout,
            Run = run,
        };
        WatchHarness? harness = null;
        var reporter = new RecordingReporter();
        var session = new WatchSession(device, options, new Forwarder(() => harness!), reporter);
        harness = new WatchHarness(device, tree, session, reporter);
        harness._running = Task.Run(() => session.RunAsync(harness._stop.Token));
        return harness;
    }

    public void BoardOutput(string line)
    {
        Lines.Enqueue(line);
        _changed.Release();
    }

    public void IterationCompleted(WatchIteration iteration)
    {
        Iterations.Enqueue(iteration);
        _changed.Release();
    }

    /// <summary>Writes a file in the tree as an editor saving it would.</summary>
    public void Save(string relativePath, string text) => File.WriteAllText(Path.Combine(Tree, relativePath), text);

    /// <summary>Waits until the board prints a line, from the given count of lines on.</summary>
    public async Task<TimeSpan> WaitForLineAsync(string line, int after = 0)
    {
        var clock = Stopwatch.StartNew();
        while (!Lines.Skip(after).Contains(line))
        {
            ThrowIfEnded();
            if (clock.Elapsed > Patience)
            {
                throw new TimeoutException($"The board did not print '{line}'; it printed: {string.Join(" | ", Lines)}; iterations: {string.Join(" | ", Iterations)}");
            }

            await _changed.WaitAsync(TimeSpan.FromMilliseconds(200));
        }

        return clock.Elapsed;
    }

    /// <summary>Waits until at least <paramref name="count"/> iterations have completed.</summary>
    public async Task<WatchIteration> WaitForIterationAsync(int count)
    {
        var clock = Stopwatch.StartNew();
        while (Iterations.Count < count)
        {
            ThrowIfEnded();
            if (clock.Elapsed > Patience)
            {
                throw new TimeoutException($"Only {Iterations.Count} iterations completed: {string.Join(" | ", Iterations)}");
            }

            await _changed.WaitAsync(TimeSpan.FromMilliseconds(200));
        }

        return Iterations.ElementAt(count - 1);
    }

    /// <summary>Stops the session (as Ctrl-C does) and waits for it to end.</summary>
    public async Task StopAsync()
    {
        _stop.Cancel();
        if (_running != null)
        {
            await _running;
        }
    }

    /// <summary>The image hash the board's partition holds, as a fresh query reads it.</summary>
    public async Task<string?> BoardImageHashAsync(int partition = 0) =>
        (await new PartitionReader(Device.Session).QueryAsync(new[] { partition }, null, CancellationToken.None)).Single().ImageHash;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (Exception)
        {
            // The test already failed or asserted on the session's end.
        }

        _stop.Dispose();
    }

    private void ThrowIfEnded()
    {
        if (_running is { IsCompleted: true })
        {
            _running.GetAwaiter().GetResult();
            throw new InvalidOperationException("The watch session ended on its own.");
        }
    }

    private sealed class Forwarder : IWatchListener
    {
        private readonly Func<WatchHarness> _harness;

        public Forwarder(Func<WatchHarness> harness) => _harness = harness;

        public void BoardOutput(string line) => _harness().BoardOutput(line);

        public void IterationCompleted(WatchIteration iteration) => _harness().IterationCompleted(iteration);
    }
}
