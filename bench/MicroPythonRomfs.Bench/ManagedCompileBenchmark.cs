using System.Diagnostics;
using MicroPythonRomfs.Mpy;
using MicroPythonRomfs.Mpy.Compiler;

namespace MicroPythonRomfs.Bench;

/// <summary>
/// The compiler corpus (every .py under vectors/compiler, refusals included) compiled by the managed compiler in one
/// process, the way the image builder calls it. Upstream's way, one mpy-cross process per file, took 0.29 to 0.38 s
/// (median 0.33 s) for the same files on this machine (vectors/compiler/README.md).
/// </summary>
internal static class ManagedCompileBenchmark
{
    private const double MpyCrossMedianSeconds = 0.33;
    private const int Runs = 30;
    private static readonly TimeSpan MaxTotal = TimeSpan.FromSeconds(60);

    public static int Run(string[] args)
    {
        var root = FindCorpus();
        if (root == null)
        {
            Console.Error.WriteLine("vectors/compiler not found (set MPROMFS_VECTORS)");
            return 1;
        }

        var files = Directory.GetFiles(root, "*.py", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        Console.WriteLine($"{files.Length} files from {root}");

        // The first run pays for JIT; it goes through CompileAsync, the path the image builder takes.
        var allRequests = files
            .Select(f => new MpyCompileRequest(f, "compiler/" + Path.GetFileName(Path.GetDirectoryName(f)!) + "/" + Path.GetFileName(f)))
            .ToList();
        var first = Stopwatch.StartNew();
        var refusedFirst = 0;
        try
        {
            new ManagedMpyCompiler().CompileAsync(allRequests, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (MpyCompilationException e)
        {
            refusedFirst = e.Errors.Select(x => x.SourceFile).Distinct().Count();
        }

        first.Stop();
        Console.WriteLine($"first run, CompileAsync over all {files.Length} files (includes JIT): {first.Elapsed.TotalSeconds:F3} s; {refusedFirst} refused as intended");
        var (compiled, refused) = CompileAll(files);
        Console.WriteLine($"serial check: {compiled} compiled, {refused} refused");

        var times = new List<double>();
        var cpuTimes = new List<double>();
        var process = Process.GetCurrentProcess();
        var total = Stopwatch.StartNew();
        for (var i = 0; i < Runs && total.Elapsed < MaxTotal; i++)
        {
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            CompileAll(files);
            times.Add(sw.Elapsed.TotalSeconds);
            process.Refresh();
            cpuTimes.Add((process.TotalProcessorTime - cpuBefore).TotalSeconds);
        }

        times.Sort();
        cpuTimes.Sort();
        var median = times[times.Count / 2];
        Console.WriteLine($"warm runs: {times.Count}, wall median {median:F3} s, min {times[0]:F3} s, max {times[times.Count - 1]:F3} s");
        Console.WriteLine($"warm runs: CPU time median {cpuTimes[cpuTimes.Count / 2]:F3} s, min {cpuTimes[0]:F3} s (the wall time suffers when other work shares the cores)");
        var parallel = new List<double>();
        var requests = files.Where(f => !f.Contains(Path.DirectorySeparatorChar + "errors" + Path.DirectorySeparatorChar) && !f.Contains(Path.DirectorySeparatorChar + "native" + Path.DirectorySeparatorChar))
            .Select(f => new MpyCompileRequest(f, "compiler/" + Path.GetFileName(Path.GetDirectoryName(f)!) + "/" + Path.GetFileName(f)))
            .ToList();
        for (var i = 0; i < Runs && total.Elapsed < MaxTotal * 2; i++)
        {
            var sw = Stopwatch.StartNew();
            new ManagedMpyCompiler().CompileAsync(requests, CancellationToken.None).GetAwaiter().GetResult();
            parallel.Add(sw.Elapsed.TotalSeconds);
        }

        parallel.Sort();
        Console.WriteLine($"CompileAsync (parallel over {Environment.ProcessorCount} cores) on the {requests.Count} valid programs: wall median {parallel[parallel.Count / 2]:F3} s, min {parallel[0]:F3} s");
        Console.WriteLine($"mpy-cross, one process per file (README): median {MpyCrossMedianSeconds:F2} s");
        Console.WriteLine($"speed-up: first run {MpyCrossMedianSeconds / first.Elapsed.TotalSeconds:F1}x, warm wall median {MpyCrossMedianSeconds / median:F1}x, warm wall min {MpyCrossMedianSeconds / times[0]:F1}x");
        return 0;
    }

    private static (int Compiled, int Refused) CompileAll(string[] files)
    {
        var compiler = new ManagedMpyCompiler();
        int compiled = 0, refused = 0;
        foreach (var file in files)
        {
            var group = Path.GetFileName(Path.GetDirectoryName(file)!);
            try
            {
                compiler.Compile(File.ReadAllBytes(file), "compiler/" + group + "/" + Path.GetFileName(file));
                compiled++;
            }
            catch (Exception e) when (e is MpyCompilationException || e is MpyNativeCodeException)
            {
                refused++;
            }
        }

        return (compiled, refused);
    }

    private static string? FindCorpus()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("MPROMFS_VECTORS");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return Directory.Exists(Path.Combine(fromEnvironment!, "compiler")) ? Path.Combine(fromEnvironment!, "compiler") : null;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "vectors", "compiler");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
