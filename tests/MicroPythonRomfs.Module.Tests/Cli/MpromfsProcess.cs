using System.Diagnostics;

namespace MicroPythonRomfs.Module.Tests.Cli;

/// <summary>Runs the framework-dependent mpromfs (built beside the tests) as a child process with a chosen environment.</summary>
internal static class MpromfsProcess
{
    /// <summary>How to start mpromfs with these arguments: the dotnet host running the mpromfs.dll beside the tests.</summary>
    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (string.IsNullOrEmpty(dotnet) || !File.Exists(dotnet))
        {
            dotnet = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
                .Select(folder => Path.Combine(folder, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet"))
                .FirstOrDefault(File.Exists) ?? throw new InvalidOperationException("dotnet was not found on PATH.");
        }

        var info = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mpromfs.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    public static MpromfsRun Run(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var info = StartInfo(args);
        foreach (var (name, value) in environment)
        {
            if (value == null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("mpromfs did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("mpromfs did not finish within 120 s.");
        }

        return new MpromfsRun(process.ExitCode, output.Result, error.Result);
    }
}
