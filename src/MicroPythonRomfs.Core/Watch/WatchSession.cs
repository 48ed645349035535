using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Mpy;
using MicroPythonRomfs.Partitions;
using MicroPythonRomfs.Reporting;
using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.Watch;

/// <summary>
/// The edit–run loop on a real ROMFS deployment: builds the folder, deploys it, soft-resets the board and runs the
/// entry module, streaming its output; then, after every saved change, compiles only the changed <c>.py</c> files,
/// deploys only the blocks that changed, and runs again. A build error deploys nothing and leaves the running
/// program alone. Stopping interrupts the program and leaves the board holding the last good image.
/// </summary>
/// <remarks>
/// The link stays open for the whole session, and the session remembers the image it last deployed: the next deploy
/// proves that belief with one hash computed on the board and fingerprints only blocks beyond it
/// (<see cref="DeployOptions.ExpectedBoardImage"/>). After every deploy one SHA-256 of the whole image, computed on
/// the board, proves the board holds exactly the new image.
/// </remarks>
public sealed class WatchSession
{
    private const int MaxSourceFiles = 20000;
    private static readonly Regex EntryPoint = new(@"^(?<module>[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*)(:(?<function>[A-Za-z_][A-Za-z0-9_]*))?$", RegexOptions.CultureInvariant);

    private readonly MicroPythonDevice _device;
    private readonly WatchOptions _options;
    private readonly IWatchListener _listener;
    private readonly IOperationReporter _reporter;
    private readonly CachingMpyCompiler? _compiler;
    private readonly Dictionary<string, string> _hashes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _changeOrder = new(StringComparer.Ordinal);
    private long _changeCounter;
    private byte[]? _lastImage;
    private Task? _program;
    private CancellationTokenSource? _programStop;
    private int _number;

    /// <summary>Creates a session; nothing happens until <see cref="RunAsync"/> or <see cref="DeployAsync"/>.</summary>
    /// <param name="device">The board; its link stays open for the session.</param>
    /// <param name="options">What to build, deploy and run.</param>
    /// <param name="listener">Receives the board's output and each iteration's result.</param>
    /// <param name="reporter">Receives progress, warnings and verbose details.</param>
    /// <exception cref="ArgumentException">The folder does not exist, or <see cref="WatchOptions.Run"/> is not a module name.</exception>
    public WatchSession(MicroPythonDevice device, WatchOptions options, IWatchListener listener, IOperationReporter? reporter = null)
    {
        _device = device ?? throw new ArgumentNullException(nameof(device));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _listener = listener ?? throw new ArgumentNullException(nameof(listener));
        _reporter = reporter ?? NullOperationReporter.Instance;
        if (!Directory.Exists(options.SourceDirectory))
        {
            throw new ArgumentException($"The source folder '{options.SourceDirectory}' does not exist.", nameof(options));
        }

        if (options.Run != null && !EntryPoint.IsMatch(options.Run))
        {
            throw new ArgumentException($"'{options.Run}' is not a Python module name, optionally with a function to call (app.main, or main:run).", nameof(options));
        }

        SourceDirectory = Path.GetFullPath(options.SourceDirectory);
        if (options.Build.Compiler != null && options.Build.CompileMpy)
        {
            _compiler = new CachingMpyCompiler(options.Build.Compiler, options.Build.Target?.ToString());
        }
    }

    /// <summary>The source folder, as a full path.</summary>
    public string SourceDirectory { get; }

    /// <summary>The image the board holds from the session's last good deploy, or <see langword="null"/> before the first.</summary>
    public byte[]? LastGoodImage => _lastImage;

    /// <summary>
    /// Deploys once, then watches the folder and redeploys after every change until <paramref name="cancellationToken"/>
    /// is cancelled; then stops the program and returns, the board holding the last good image.
    /// </summary>
    /// <param name="cancellationToken">Stops the session (Ctrl-C). A deploy in progress is finished first.</param>
    /// <returns>A task that completes when the session has stopped.</returns>
    /// <exception cref="DeviceConnectionException">The link to the board failed.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var watcher = new SourceFolderWatcher(SourceDirectory, _options.Build.Exclude, _options.Debounce);
        try
        {
            await DeployAsync(null, Stopwatch.GetTimestamp(), cancellationToken).ConfigureAwait(false);
            while (!cancellationToken.IsCancellationRequested)
            {
                SourceFolderChange change;
                try
                {
                    change = await watcher.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                await DeployAsync(change.Overflowed ? null : change.Paths, change.FirstSeen, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await StopProgramAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One iteration: builds the folder (compiling only changed files), and unless nothing changed or the build
    /// failed, stops the running program, deploys, checks the whole image's hash on the board, soft-resets and starts
    /// the entry module. The result goes to the listener too.
    /// </summary>
    /// <param name="touched">Paths the watcher saw change, or <see langword="null"/> to look at every file.</param>
    /// <param name="savedAt">The <see cref="Stopwatch"/> timestamp of the save.</param>
    /// <param name="cancellationToken">Cancels the build; once the deploy starts it is finished.</param>
    /// <returns>The iteration, or <see langword="null"/> when no file's content changed.</returns>
    /// <exception cref="DeviceConnectionException">The link to the board failed.</exception>
    public async Task<WatchIteration?> DeployAsync(IReadOnlyList<string>? touched, long savedAt, CancellationToken cancellationToken)
    {
        var first = _lastImage == null;
        var changed = Snapshot(out var order);
        if (!first && changed.Count == 0)
        {
            _reporter.Verbose($"Nothing changed in {SourceDirectory} ({touched?.Count ?? 0} event(s) without new content).");
            return null;
        }

        var number = _number++;
        var shownChanges = number == 0 ? (IReadOnlyList<string>)Array.Empty<string>() : changed;
        byte[] image;
        try
        {
            image = await RomfsBuilder.BuildAsync(SourceDirectory, BuildOptions(order), cancellationToken).ConfigureAwait(false);
        }
        catch (MpyCompilationException e)
        {
            var error = e.Errors[0];
            return Report(Failed(number, shownChanges, $"{Relative(error.SourceFile)}{(error.Line is int l ? ":" + l : string.Empty)}: {error.Message} — nothing deployed; the board keeps the last good image.", "CompileError", Relative(error.SourceFile), error.Line));
        }
        catch (Exception e) when (e is RomfsSourceException or MpyCompatibilityException or IOException or UnauthorizedAccessException or MpyCrossUnavailableException)
        {
            return Report(Failed(number, shownChanges, e.Message + " Nothing deployed; the board keeps the last good image.", "BuildFailed", null, null));
        }

        // From here the board changes: finish even if asked to stop, so it never stops holding a half-written image.
        var sentBefore = _device.Session.BytesSent;
        await StopProgramAsync().ConfigureAwait(false);
        var deploy = _options.Deploy.Copy();
        deploy.ExpectedBoardImage = _lastImage;
        deploy.UniqueId ??= _device.UniqueId;
        var hash = RomfsImage.Parse(image).ComputeHash();
        DeployResult? result;
        try
        {
            result = await new PartitionWriter(_device.Session, _reporter).DeployAsync(image, _options.Partition, deploy, CancellationToken.None).ConfigureAwait(false);
            if (result == null)
            {
                return Report(Failed(number, shownChanges, "The deploy was declined; nothing deployed.", "DeployDeclined", null, null));
            }

            if (result.Verified)
            {
                // The writer's verification is over the whole image (its SHA-256 on the board, or every block).
                _reporter.Verbose($"ROM partition {_options.Partition} of {_device.Port} holds the whole image (verified by the deploy, SHA-256 {hash}).");
            }
            else
            {
                await ProveWholeImageAsync(image, hash).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is RomPartitionException or DeviceTimeoutException or MicroPythonException or InvalidDataException or FormatException)
        {
            _lastImage = null;
            return Report(Failed(number, shownChanges, e.Message, e is RomPartitionException ? "DeployFailed" : "DeviceError", null, null));
        }

        _lastImage = image;
        await _device.SoftResetAsync(CancellationToken.None).ConfigureAwait(false);
        var module = _options.Run ?? (HasMain() ? "main" : null);
        var running = Stopwatch.GetTimestamp();
        if (module != null)
        {
            StartProgram(module);
        }

        var elapsed = TimeSpan.FromSeconds((double)(running - savedAt) / Stopwatch.Frequency);
        return Report(new WatchIteration(number, _device.Port, _options.Partition, shownChanges, _compiler?.LastCompiledCount ?? 0, result.BlocksWritten, result.BlocksSkipped, _device.Session.BytesSent - sentBefore, image.Length, hash, elapsed, _options.DeltaLayout, module));
    }

    /// <summary>Interrupts the board's program, if one runs, and waits until the board is back at the raw REPL.</summary>
    /// <returns>A task that completes when the program has stopped.</returns>
    public async Task StopProgramAsync()
    {
        var program = _program;
        if (program == null)
        {
            return;
        }

        _programStop!.Cancel();
        try
        {
            await program.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _programStop.Dispose();
            _programStop = null;
            _program = null;
        }
    }

    private void StartProgram(string module)
    {
        _programStop = new CancellationTokenSource();
        var token = _programStop.Token;
        var code = RunCode(module);
        _program = Task.Run(async () =>
        {
            var lines = new OutputLineSplitter();
            try
            {
                await _device.Session.ExecAsync(code, Timeout.InfiniteTimeSpan, text =>
                {
                    foreach (var line in lines.Add(text))
                    {
                        _listener.BoardOutput(line);
                    }
                }, token).ConfigureAwait(false);
            }
            catch (MicroPythonException e)
            {
                foreach (var line in lines.Add(e.Traceback))
                {
                    _listener.BoardOutput(line);
                }
            }
            catch (Exception e) when (e is DeviceTimeoutException or DeviceConnectionException)
            {
                _reporter.Warning($"The program on {_device.Port} stopped answering: {e.Message}");
            }
            finally
            {
                if (lines.Flush() is string rest)
                {
                    _listener.BoardOutput(rest);
                }
            }
        });
    }

    // Imports the module from /rom ahead of the board's own filesystem, and calls the function when one is named.
    private static string RunCode(string entryPoint)
    {
        var match = EntryPoint.Match(entryPoint);
        var name = PythonCode.Literal(match.Groups["module"].Value);
        var code = "import sys\nsys.path.insert(0,'/rom')\n__import__(" + name + ")\n";
        if (match.Groups["function"].Success)
        {
            code += "sys.modules[" + name + "]." + match.Groups["function"].Value + "()\n";
        }

        return code;
    }

    // Proves the board holds exactly the new image with one SHA-256 of it computed on the board, right after the
    // deploy, while the partition helpers are still defined and bound.
    private async Task ProveWholeImageAsync(byte[] image, string hash)
    {
        object? answer;
        try
        {
            answer = await _device.Session.EvalAsync(PartitionScripts.ImageHash(image.Length), CancellationToken.None).ConfigureAwait(false);
        }
        catch (MicroPythonException e)
        {
            _reporter.Verbose($"{_device.Port} cannot hash the whole image ({e.ExceptionName}); only the written blocks were verified.");
            return;
        }

        var onBoard = answer is byte[] bytes ? System.Text.Encoding.ASCII.GetString(bytes) : answer as string;
        if (!string.Equals(onBoard, hash, StringComparison.OrdinalIgnoreCase))
        {
            throw new RomPartitionException($"ROM partition {_options.Partition} of {_device.Port} does not hold the image just deployed (its SHA-256 on the board is {onBoard}, expected {hash}). Save again to redeploy it.", _device.Port, _options.Partition, PartitionState.Unverified, failure: RomPartitionFailure.VerificationFailed);
        }

        _reporter.Verbose($"ROM partition {_options.Partition} of {_device.Port} holds the whole image (SHA-256 {hash} computed on the board).");
    }

    private WatchIteration Report(WatchIteration iteration)
    {
        _listener.IterationCompleted(iteration);
        return iteration;
    }

    private WatchIteration Failed(int number, IReadOnlyList<string> changed, string error, string id, string? file, int? line) =>
        new(number, _device.Port, _options.Partition, changed, _compiler?.LastCompiledCount ?? 0, 0, 0, 0, 0, null, null, _options.DeltaLayout, null, error, id, file, line);

    private RomfsBuildOptions BuildOptions(IReadOnlyList<string> order)
    {
        var build = _options.Build;
        return new RomfsBuildOptions
        {
            CompileMpy = build.CompileMpy,
            Compiler = _compiler ?? build.Compiler,
            Exclude = build.Exclude.Concat(EditorFiles.Patterns).ToList(),
            Alignment = build.Alignment,
            SourceName = build.SourceName,
            Target = build.Target,
            RejectIncompatibleMpy = build.RejectIncompatibleMpy,
            Reporter = build.Reporter,
            LastFiles = _options.DeltaLayout ? order : Array.Empty<string>(),
        };
    }

    private bool HasMain()
    {
        var image = _lastImage;
        if (image == null)
        {
            return false;
        }

        var root = RomfsImage.Parse(image);
        return root.Entries.Any(e => e.Path == "main.mpy" || e.Path == "main.py");
    }

    /// <summary>
    /// Hashes every source file and returns those whose content changed since the last call (added, edited or
    /// removed); <paramref name="order"/> gets every file, least recently changed first, for the delta-friendly layout.
    /// </summary>
    private List<string> Snapshot(out IReadOnlyList<string> order)
    {
        var items = RomfsSourceSet.FromDirectory(SourceDirectory, _options.Build.Exclude.Concat(EditorFiles.Patterns));
        var current = new Dictionary<string, string>(StringComparer.Ordinal);
        var times = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var sha = SHA256.Create())
        {
            foreach (var item in items.Where(i => !i.IsDirectory && i.SourceFile != null).Take(MaxSourceFiles))
            {
                try
                {
                    current[item.ImagePath] = Convert.ToBase64String(sha.ComputeHash(File.ReadAllBytes(item.SourceFile!)));
                    times[item.ImagePath] = File.GetLastWriteTimeUtc(item.SourceFile!).Ticks;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Being written or just removed: the build that follows reports it if it persists.
                    current[item.ImagePath] = string.Empty;
                }
            }
        }

        var changed = current.Where(p => !_hashes.TryGetValue(p.Key, out var old) || old != p.Value).Select(p => p.Key)
            .Concat(_hashes.Keys.Where(k => !current.ContainsKey(k)))
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToList();
        var first = _hashes.Count == 0;
        _hashes.Clear();
        foreach (var pair in current)
        {
            _hashes[pair.Key] = pair.Value;
        }

        // The first build orders files by their modification time (what was edited lately is edited next); after that,
        // each edited file moves behind all others.
        foreach (var path in current.Keys)
        {
            if (first || !_changeOrder.ContainsKey(path))
            {
                _changeOrder[path] = times.TryGetValue(path, out var t) ? t : 0;
            }
        }

        if (!first)
        {
            var top = _changeOrder.Count == 0 ? 0 : _changeOrder.Values.Max();
            foreach (var path in changed.Where(current.ContainsKey))
            {
                _changeOrder[path] = Math.Max(top, _changeCounter) + 1;
                _changeCounter = _changeOrder[path];
                top = _changeCounter;
            }
        }

        foreach (var gone in _changeOrder.Keys.Where(k => !current.ContainsKey(k)).ToList())
        {
            _changeOrder.Remove(gone);
        }

        order = _changeOrder.OrderBy(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key).ToList();
        return changed;
    }

    private string Relative(string path)
    {
        try
        {
            var full = Path.GetFullPath(path);
            if (full.StartsWith(SourceDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                return full.Substring(SourceDirectory.Length + 1).Replace('\\', '/');
            }
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
        }

        return path;
    }
}
