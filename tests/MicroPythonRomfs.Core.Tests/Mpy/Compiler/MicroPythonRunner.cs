using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace MicroPythonRomfs.Tests.Mpy.Compiler;

/// <summary>
/// Runs .mpy files and Python source on MicroPython 1.27 (the webassembly build the board emulator uses) through
/// tests/mpy-runner/run-mpy.mjs, one fresh interpreter per job, and returns what each printed.
/// </summary>
internal static class MicroPythonRunner
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public sealed record Job(string Name, byte[]? Mpy, string? Source, bool CompileOnly = false);

    public sealed record Result(string Name, byte[] Stdout, string? Error);

    public static IReadOnlyList<Result> Run(IReadOnlyList<Job> jobs)
    {
        var runnerDir = Path.Combine(TestPaths.RepoRoot, "tests", "mpy-runner");
        var package = Path.Combine("node_modules", "@micropython", "micropython-webassembly-pyscript");
        if (!Directory.Exists(Path.Combine(runnerDir, package)) && !Directory.Exists(Path.Combine(TestPaths.RepoRoot, "tests", "emulator", package)))
        {
            throw new InvalidOperationException($"MicroPython for the runner is not installed: run 'npm ci' in {runnerDir} (or in tests/emulator).");
        }

        var folder = Path.Combine(Path.GetTempPath(), "mpromfs-run-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var entries = new List<Dictionary<string, string>>();
            for (var i = 0; i < jobs.Count; i++)
            {
                var job = jobs[i];
                if (job.Mpy != null)
                {
                    File.WriteAllBytes(Path.Combine(folder, $"{i}.mpy"), job.Mpy);
                    entries.Add(new Dictionary<string, string> { ["name"] = job.Name, ["mpy"] = $"{i}.mpy" });
                }
                else
                {
                    File.WriteAllText(Path.Combine(folder, $"{i}.py"), job.Source!, new UTF8Encoding(false));
                    entries.Add(new Dictionary<string, string> { ["name"] = job.Name, [job.CompileOnly ? "compile" : "source"] = $"{i}.py" });
                }
            }

            File.WriteAllText(Path.Combine(folder, "jobs.json"), JsonSerializer.Serialize(entries));
            var start = new ProcessStartInfo("node")
            {
                WorkingDirectory = runnerDir,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Path.Combine(runnerDir, "run-mpy.mjs"));
            start.ArgumentList.Add(folder);
            using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit((int)Timeout.TotalMilliseconds))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"run-mpy.mjs did not finish {jobs.Count} jobs within {Timeout.TotalSeconds} s");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"run-mpy.mjs exited with {process.ExitCode}: {stderr.Result}{stdout.Result}");
            }

            using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "results.json")));
            return results.RootElement.EnumerateArray()
                .Select(r => new Result(
                    r.GetProperty("name").GetString()!,
                    Convert.FromBase64String(r.GetProperty("stdout").GetString()!),
                    r.GetProperty("error").ValueKind == JsonValueKind.Null ? null : r.GetProperty("error").GetString()))
                .ToList();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
