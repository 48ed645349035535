using System.Diagnostics;
using System.Text;

namespace MicroPythonRomfs.Tests.Device.Rig;

/// <summary>
/// Locates the upstream MicroPython rig (../shared/rig beside the repository, or MPROMFS_RIG) and runs its tools.
/// A missing rig or socat fails the test that needs it: CI installs socat, python3-serial and python3-platformdirs.
/// </summary>
public static class RigPaths
{
    /// <summary>How long an upstream tool may run before the test gives up on it; generous, CI has 2 cores.</summary>
    public static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The rig folder (holding bin/micropython-romfs).</summary>
    public static string Root
    {
        get
        {
            var fromEnvironment = Environment.GetEnvironmentVariable("MPROMFS_RIG");
            var path = string.IsNullOrEmpty(fromEnvironment)
                ? Path.GetFullPath(Path.Combine(TestPaths.RepoRoot, "..", "shared", "rig"))
                : Path.GetFullPath(fromEnvironment!);
            if (!File.Exists(Path.Combine(path, "bin", "micropython-romfs")))
            {
                throw new DirectoryNotFoundException($"The upstream MicroPython rig was not found at '{path}' (no bin/micropython-romfs). Set MPROMFS_RIG or place shared/rig beside the repository.");
            }

            return path;
        }
    }

    /// <summary>A program in the rig's bin folder: micropython-romfs, micropython-romfs-webrepl, mpremote, mpy-cross, micropython.</summary>
    public static string Bin(string name)
    {
        var path = Path.Combine(Root, "bin", name);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The rig has no bin/{name} at '{path}'.", path);
        }

        return path;
    }

    /// <summary>A program on PATH, or an exception naming what CI must install.</summary>
    public static string Executable(string name)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            if (folder.Length > 0 && File.Exists(Path.Combine(folder, name)))
            {
                return Path.Combine(folder, name);
            }
        }

        throw new InvalidOperationException($"'{name}' was not found on PATH; the upstream-board tests need it (apt-get install {name}).");
    }

    /// <summary>Runs upstream mpremote with the given arguments (no implicit connect).</summary>
    public static Task<ToolResult> MpremoteAsync(IEnumerable<string> arguments, string? workingDirectory = null)
        => RunAsync(Bin("mpremote"), arguments, workingDirectory);

    /// <summary>Runs upstream mpy-cross of the same commit as the board.</summary>
    public static Task<ToolResult> MpyCrossAsync(IEnumerable<string> arguments, string? workingDirectory = null)
        => RunAsync(Bin("mpy-cross"), arguments, workingDirectory);

    /// <summary>Runs a program to completion with stdin closed, collecting its output; kills it after <see cref="ToolTimeout"/>.</summary>
    public static async Task<ToolResult> RunAsync(string fileName, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardError = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (workingDirectory != null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start " + fileName);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ToolTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(fileName)} {string.Join(" ", info.ArgumentList)} did not finish within {ToolTimeout.TotalSeconds} s:\n{await stdout}\n{await stderr}");
        }

        return new ToolResult(process.ExitCode, await stdout, await stderr);
    }
}
