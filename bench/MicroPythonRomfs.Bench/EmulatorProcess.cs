using System.Diagnostics;

namespace MicroPythonRomfs.Bench;

/// <summary>Starts tests/emulator/board.mjs behind a socat pseudo-terminal (or on TCP) and stops it on dispose.</summary>
internal sealed class EmulatorProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _stateDir;

    private EmulatorProcess(Process process, string stateDir, string port)
    {
        _process = process;
        _stateDir = stateDir;
        Port = port;
    }

    public string Port { get; }

    public static async Task<EmulatorProcess> StartAsync(bool pty, params string[] extra)
    {
        var root = FindRepoRoot();
        var script = Path.Combine(root, "tests", "emulator", "board.mjs");
        var stateDir = Path.Combine(Path.GetTempPath(), "mpromfs-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(stateDir);
        var info = new ProcessStartInfo(pty ? "socat" : "node") { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        var ptyPath = Path.Combine(stateDir, "ttyEMU");
        if (pty)
        {
            info.ArgumentList.Add("pty,raw,echo=0,link=" + ptyPath);
            info.ArgumentList.Add("EXEC:" + string.Join(" ", new[] { "node", script, "--state", stateDir }.Concat(extra)));
        }
        else
        {
            foreach (var a in new[] { script, "--tcp", "0", "--state", stateDir }.Concat(extra))
            {
                info.ArgumentList.Add(a);
            }
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the emulator");
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data == null)
            {
                ready.TrySetException(new InvalidOperationException("the emulator exited"));
            }
            else if (e.Data.StartsWith("READY tcp=", StringComparison.Ordinal))
            {
                ready.TrySetResult("socket://" + e.Data.Substring("READY tcp=".Length).Trim());
            }
            else if (e.Data.StartsWith("READY stdio", StringComparison.Ordinal))
            {
                ready.TrySetResult(ptyPath);
            }
        };
        process.BeginErrorReadLine();
        var port = await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return new EmulatorProcess(process, stateDir, port);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        Directory.Delete(_stateDir, recursive: true);
    }

    private static string FindRepoRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "MicroPythonRomfs.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException("MicroPythonRomfs.sln was not found above the current folder.");
    }
}
