using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace MicroPythonRomfs.Tests.Device.Emulator;

/// <summary>
/// Runs the board emulator (tests/emulator/board.mjs, the MicroPython webassembly interpreter) for one test: over TCP
/// (<c>--tcp 0</c>) or behind a pseudo-terminal made by socat. Each instance gets a fresh state folder; disposing
/// kills the processes and deletes the folder. A missing node or socat fails the test: CI installs both.
/// </summary>
public sealed class BoardEmulator : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly BlockingCollection<string> _stderr = new();

    private BoardEmulator(Process process, string stateDir, string port)
    {
        _process = process;
        StateDir = stateDir;
        Port = port;
    }

    /// <summary>The port to connect to: <c>socket://127.0.0.1:N</c> or the pty's path.</summary>
    public string Port { get; private set; }

    /// <summary>The emulator's state folder (partition files).</summary>
    public string StateDir { get; }

    /// <summary>Whether the emulator process is still running.</summary>
    public bool IsRunning => !_process.HasExited;

    public static Task<BoardEmulator> StartTcpAsync(params string[] extraArguments)
    {
        var stateDir = NewStateDir();
        var arguments = new List<string> { BoardScript, "--tcp", "0", "--state", stateDir };
        arguments.AddRange(extraArguments);
        return StartAsync(Executable("node"), arguments, stateDir, new Regex(@"^READY tcp=(?<addr>127\.0\.0\.1:\d+)$"), m => "socket://" + m.Groups["addr"].Value);
    }

    /// <summary>Starts the emulator's WebREPL front (<c>--webrepl 0</c>); <see cref="Port"/> is <c>ws://127.0.0.1:N</c>.</summary>
    public static Task<BoardEmulator> StartWebReplAsync(string password, params string[] extraArguments)
    {
        var stateDir = NewStateDir();
        var arguments = new List<string> { BoardScript, "--webrepl", "0", "--password", password, "--state", stateDir };
        arguments.AddRange(extraArguments);
        return StartAsync(Executable("node"), arguments, stateDir, new Regex(@"^READY webrepl=(?<addr>127\.0\.0\.1:\d+)$"), m => "ws://" + m.Groups["addr"].Value);
    }

    public static Task<BoardEmulator> StartPtyAsync(params string[] extraArguments)
    {
        var stateDir = NewStateDir();
        var ptyPath = Path.Combine(stateDir, "ttyEMU");
        var command = string.Join(" ", new[] { Executable("node"), BoardScript, "--state", stateDir }.Concat(extraArguments));
        var arguments = new List<string> { "pty,raw,echo=0,link=" + ptyPath, "EXEC:" + command };
        return StartAsync(Executable("socat"), arguments, stateDir, new Regex("^READY stdio$"), _ => ptyPath);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();

        // A killed node may still be closing its partition files for a moment; a few tries delete the folder.
        for (var attempt = 1; attempt <= 10 && Directory.Exists(StateDir); attempt++)
        {
            try
            {
                Directory.Delete(StateDir, recursive: true);
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

    /// <summary>Freezes the emulator processes (SIGSTOP), so the board stops answering without closing the port.</summary>
    public void Suspend() => Signal(19);

    /// <summary>Lets a suspended emulator run again (SIGCONT).</summary>
    public void Resume() => Signal(18);

    /// <summary>Kills the emulator, as if the board were unplugged.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(5000);
    }

    public string StandardError => string.Join("\n", _stderr);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    private void Signal(int signal)
    {
        // socat and node both: a stopped socat would still let bytes into the pty buffer, a stopped node never answers.
        foreach (var pid in ProcessTree(_process.Id))
        {
            SendSignal(pid, signal);
        }
    }

    private static IEnumerable<int> ProcessTree(int root)
    {
        yield return root;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir);
            if (!int.TryParse(name, out var pid))
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
            if (fields.Length > 1 && int.TryParse(fields[1], out var parent) && parent == root)
            {
                foreach (var child in ProcessTree(pid))
                {
                    yield return child;
                }
            }
        }
    }

    private static string BoardScript => Path.Combine(TestPaths.RepoRoot, "tests", "emulator", "board.mjs");

    private static string NewStateDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "mpromfs-board-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string Executable(string name)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            if (folder.Length > 0 && File.Exists(Path.Combine(folder, name)))
            {
                return Path.Combine(folder, name);
            }
        }

        throw new InvalidOperationException($"'{name}' was not found on PATH; the emulator tests need it (CI installs node and socat).");
    }

    private static async Task<BoardEmulator> StartAsync(string fileName, List<string> arguments, string stateDir, Regex ready, Func<Match, string> portFrom)
    {
        if (!File.Exists(BoardScript) || !Directory.Exists(Path.Combine(TestPaths.RepoRoot, "tests", "emulator", "node_modules")))
        {
            throw new InvalidOperationException($"The emulator is not installed: run 'npm ci' in {Path.GetDirectoryName(BoardScript)}.");
        }

        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardError = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start " + fileName);
        var emulator = new BoardEmulator(process, stateDir, string.Empty);
        var portSource = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data == null)
            {
                portSource.TrySetException(new InvalidOperationException("The emulator exited before it was ready: " + emulator.StandardError));
                return;
            }

            emulator._stderr.Add(e.Data);
            var match = ready.Match(e.Data.Trim());
            if (match.Success)
            {
                portSource.TrySetResult(portFrom(match));
            }
        };
        process.BeginErrorReadLine();

        var finished = await Task.WhenAny(portSource.Task, Task.Delay(StartTimeout));
        if (finished != portSource.Task)
        {
            emulator.Dispose();
            throw new TimeoutException($"The emulator did not print READY within {StartTimeout.TotalSeconds} s: {emulator.StandardError}");
        }

        try
        {
            emulator.Port = await portSource.Task;
        }
        catch
        {
            emulator.Dispose();
            throw;
        }

        return emulator;
    }
}
