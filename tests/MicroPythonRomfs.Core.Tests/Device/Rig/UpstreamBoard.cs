using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MicroPythonRomfs.Tests.Device.Rig;

/// <summary>
/// The upstream MicroPython firmware as a test board (../shared/rig/bin/micropython-romfs), started by socat either
/// behind a pseudo-terminal (one board process for socat's life; Ctrl-D soft-resets it in place) or over TCP on a
/// free loopback port (a fresh board process, a "power-on", for every connection, on the same flash files). Each
/// instance has its own RIG_FLASH_DIR temp folder holding rom0.bin and rom1.bin; disposing kills socat and the board
/// and deletes the folder. A missing socat or rig fails the test: CI installs socat.
/// </summary>
public sealed class UpstreamBoard : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly bool _tcp;
    private Process? _process;

    private UpstreamBoard(UpstreamBoardOptions options, bool tcp)
    {
        Options = options;
        _tcp = tcp;
        FlashDir = Path.Combine(Path.GetTempPath(), "mpromfs-rig-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(FlashDir);
    }

    /// <summary>The port name the product understands: the pty's path or <c>socket://127.0.0.1:N</c>.</summary>
    public string Port { get; private set; } = string.Empty;

    /// <summary>RIG_FLASH_DIR: where the board keeps rom0.bin, rom1.bin and its fs/ folder.</summary>
    public string FlashDir { get; }

    /// <summary>How the board was started.</summary>
    public UpstreamBoardOptions Options { get; }

    /// <summary>Whether this board is served over TCP (a fresh process per connection) rather than a pty.</summary>
    public bool IsTcp => _tcp;

    /// <summary>The WebREPL URL (<c>ws://127.0.0.1:N</c>) when started with <see cref="UpstreamBoardOptions.WebRepl"/>.</summary>
    public string? WebReplUrl => WebReplPort is int port ? "ws://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture) : null;

    /// <summary>The loopback port WebREPL listens on, when started with <see cref="UpstreamBoardOptions.WebRepl"/>.</summary>
    public int? WebReplPort { get; private set; }

    /// <summary>Whether socat (and so, on a pty, the board) is still running.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>socat's log and the board's own stderr, for failure messages.</summary>
    public string StandardError => string.Join("\n", _stderr);

    /// <summary>Starts the board behind a socat pseudo-terminal.</summary>
    public static Task<UpstreamBoard> StartPtyAsync(UpstreamBoardOptions? options = null)
        => StartAsync(options ?? UpstreamBoardOptions.Default, tcp: false);

    /// <summary>Starts socat listening on a free loopback port, forking a fresh board for every connection.</summary>
    public static Task<UpstreamBoard> StartTcpAsync(UpstreamBoardOptions? options = null)
        => StartAsync(options ?? UpstreamBoardOptions.Default, tcp: true);

    /// <summary>The path of partition <paramref name="partition"/>'s flash file (rom0.bin or rom1.bin).</summary>
    public string FlashFile(int partition) => Path.Combine(FlashDir, "rom" + partition.ToString(CultureInfo.InvariantCulture) + ".bin");

    /// <summary>The whole flash of a partition, read from its file (the board maps it shared, so this is what it holds).</summary>
    public byte[] ReadFlash(int partition)
    {
        using var stream = new FileStream(FlashFile(partition), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>Overwrites the start of a partition's flash file, as a flash programmer would (only while no tool is talking to the board).</summary>
    public void WriteFlash(int partition, byte[] bytes, int offset = 0)
    {
        using var stream = new FileStream(FlashFile(partition), FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        if (offset + (long)bytes.Length > stream.Length)
        {
            throw new ArgumentException($"{bytes.Length} bytes at {offset} do not fit partition {partition} ({stream.Length} bytes).");
        }

        stream.Position = offset;
        stream.Write(bytes);
    }

    /// <summary>Runs upstream <c>mpremote connect PORT args…</c> against this board (close the product's connection first on a pty).</summary>
    public Task<ToolResult> MpremoteAsync(params string[] arguments)
        => RigPaths.MpremoteAsync(new[] { "connect", Port }.Concat(arguments), FlashDir);

    /// <summary>Power-cycles a pty board: kills socat and the board and starts them again on the same flash files (new pty path).</summary>
    public async Task RestartAsync()
    {
        Stop();
        await LaunchWithRetriesAsync();
    }

    /// <summary>Kills socat and the board, as if it were unplugged.</summary>
    public void Kill() => Stop();

    /// <summary>Freezes socat and the board (SIGSTOP), so the board stops answering without closing the port.</summary>
    public void Suspend() => SignalTree(19);

    /// <summary>Lets a suspended board run again (SIGCONT).</summary>
    public void Resume() => SignalTree(18);

    /// <inheritdoc />
    public void Dispose()
    {
        Stop();
        for (var attempt = 1; attempt <= 10 && Directory.Exists(FlashDir); attempt++)
        {
            try
            {
                Directory.Delete(FlashDir, recursive: true);
            }
            catch (IOException) when (attempt < 10)
            {
                Thread.Sleep(100);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<UpstreamBoard> StartAsync(UpstreamBoardOptions options, bool tcp)
    {
        if (options.WebRepl && tcp)
        {
            throw new ArgumentException("The WebREPL board runs behind the pty only (one process, so WebREPL keeps its port).");
        }

        var board = new UpstreamBoard(options, tcp);
        try
        {
            if (options.WebRepl)
            {
                board.WebReplPort = options.WebReplPort ?? FreeLoopbackPort();
            }

            await board.LaunchWithRetriesAsync();
            return board;
        }
        catch
        {
            board.Dispose();
            throw;
        }
    }

    // The free port is found by binding port 0 and letting it go, so another process may take it before socat binds
    // it; socat then exits at once, and a new port is tried.
    private async Task LaunchWithRetriesAsync()
    {
        const int Attempts = 5;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await LaunchAsync();
                return;
            }
            catch (InvalidOperationException) when (_tcp && attempt < Attempts && StandardError.Contains("Address already in use", StringComparison.Ordinal))
            {
                Stop();
            }
        }
    }

    private async Task LaunchAsync()
    {
        var socat = RigPaths.Executable("socat");
        var boardProgram = RigPaths.Bin(Options.WebRepl ? "micropython-romfs-webrepl" : "micropython-romfs");
        var info = new ProcessStartInfo(socat)
        {
            RedirectStandardError = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = FlashDir,
        };
        info.ArgumentList.Add("-d");
        info.ArgumentList.Add("-d");
        string ready;
        if (_tcp)
        {
            var port = FreeLoopbackPort();
            info.ArgumentList.Add($"TCP-LISTEN:{port},bind=127.0.0.1,reuseaddr,fork");
            Port = "socket://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
            ready = "listening on";
        }
        else
        {
            var link = Path.Combine(FlashDir, "tty");
            info.ArgumentList.Add("pty,rawer,link=" + link);
            Port = link;
            ready = "starting data transfer loop";
        }

        info.ArgumentList.Add("EXEC:" + boardProgram);
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("RIG_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(name);
        }

        info.Environment["RIG_FLASH_DIR"] = FlashDir;
        SetIfGiven(info, "RIG_HEAP_KB", Options.HeapKb);
        SetIfGiven(info, "RIG_ROM0_SIZE", Options.Rom0Size);
        SetIfGiven(info, "RIG_ROM1_SIZE", Options.Rom1Size);
        SetIfGiven(info, "RIG_BLOCK_SIZE", Options.BlockSize);
        if (Options.Stm32)
        {
            info.Environment["RIG_STM32"] = "1";
        }

        if (WebReplPort is int webReplPort)
        {
            info.Environment["RIG_WEBREPL_PORT"] = webReplPort.ToString(CultureInfo.InvariantCulture);
            info.Environment["RIG_WEBREPL_PASSWORD"] = Options.WebReplPassword;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start " + socat);
        _process = process;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data == null)
            {
                started.TrySetException(new InvalidOperationException($"socat exited before the board was ready: {StandardError}"));
                return;
            }

            _stderr.Enqueue(e.Data);
            if (e.Data.Contains(ready, StringComparison.Ordinal))
            {
                started.TrySetResult();
            }
        };
        process.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(StartTimeout);
        try
        {
            await started.Task.WaitAsync(timeout.Token);
            if (WebReplPort is int listening)
            {
                while (!IsListening(listening))
                {
                    if (process.HasExited)
                    {
                        throw new InvalidOperationException($"The WebREPL board exited before it listened on {listening}: {StandardError}");
                    }

                    await Task.Delay(20, timeout.Token);
                }

                if (Options.DrainConsole)
                {
                    DrainConsole(Port);
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The upstream board did not start within {StartTimeout.TotalSeconds} s: {StandardError}");
        }
    }

    // The WebREPL board copies all its REPL output to the console (the pty) as esp32 copies it to its UART; a pty that
    // nobody reads fills up and then blocks the board, so the console is read and thrown away for the board's life.
    private static void DrainConsole(string ptyPath)
    {
        var thread = new Thread(() =>
        {
            try
            {
                using var console = new FileStream(ptyPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
                var buffer = new byte[4096];
                while (console.Read(buffer, 0, buffer.Length) > 0)
                {
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The board is gone: socat closed the pty.
            }
        })
        {
            IsBackground = true,
            Name = "WebREPL board console",
        };
        thread.Start();
    }

    private static void SetIfGiven(ProcessStartInfo info, string name, int? value)
    {
        if (value is int given)
        {
            info.Environment[name] = given.ToString(CultureInfo.InvariantCulture);
        }
    }

    private void Stop()
    {
        var process = _process;
        _process = null;
        if (process == null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                SignalTree(process.Id, 18);
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        process.Dispose();
    }

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    private static bool IsListening(int port)
    {
        // /proc/net/tcp: "sl local_address rem_address st ..." with addresses as hex IP:port and 0A meaning LISTEN.
        var wanted = ":" + port.ToString("X4", CultureInfo.InvariantCulture);
        foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 3 && fields[1].EndsWith(wanted, StringComparison.Ordinal) && fields[3] == "0A")
            {
                return true;
            }
        }

        return false;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    private void SignalTree(int signal)
    {
        if (_process is { HasExited: false } process)
        {
            SignalTree(process.Id, signal);
        }
    }

    private static void SignalTree(int root, int signal)
    {
        foreach (var pid in ProcessTree(root))
        {
            SendSignal(pid, signal);
        }
    }

    private static List<int> ProcessTree(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue;
            }

            var fields = stat.Substring(stat.LastIndexOf(')') + 2).Split(' ');
            if (fields.Length > 1 && int.TryParse(fields[1], out var parent))
            {
                if (!children.TryGetValue(parent, out var list))
                {
                    children[parent] = list = new List<int>();
                }

                list.Add(pid);
            }
        }

        var tree = new List<int>();
        var pending = new Stack<int>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var pid = pending.Pop();
            tree.Add(pid);
            if (children.TryGetValue(pid, out var list))
            {
                foreach (var child in list)
                {
                    pending.Push(child);
                }
            }
        }

        return tree;
    }
}
