using System.Diagnostics;
using MicroPythonRomfs.Mpy;

namespace MicroPythonRomfs.Bench;

/// <summary>
/// `compile [--mpy-cross PATH] [--corpus DIR]`: compiles every program of the compiler corpus
/// (../shared/vectors/compiler, bytecode groups) with MpyCrossCompiler, one process at a time and then with every
/// core, and prints files/s for each. With the stand-in mpy-cross (tests/MpyCrossStandIn) the figures measure this
/// library's process orchestration, not the compiler.
/// </summary>
internal static class CompileBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? mpyCross = null;
        string? corpus = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--mpy-cross":
                    mpyCross = args[i + 1];
                    break;
                case "--corpus":
                    corpus = args[i + 1];
                    break;
                default:
                    Console.Error.WriteLine($"compile: unknown option '{args[i]}'");
                    return 2;
            }
        }

        corpus ??= FindCorpus();
        var location = MpyCrossLocator.Locate(mpyCross);
        if (location.Path == null)
        {
            Console.Error.WriteLine("compile: " + location.Explanation);
            return 2;
        }

        var requests = Directory.EnumerateFiles(corpus, "*.py", SearchOption.AllDirectories)
            .Where(p => File.Exists(Path.ChangeExtension(p, ".mpy")))
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => new MpyCompileRequest(p, "compiler/" + Path.GetFileName(Path.GetDirectoryName(p)) + "/" + Path.GetFileName(p)))
            .ToList();
        Console.WriteLine($"{requests.Count} files from {corpus}");
        foreach (var parallelism in new[] { 1, Environment.ProcessorCount })
        {
            var compiler = await MpyCrossCompiler.CreateAsync(location.Path, new MpyCrossOptions { MaxParallelism = parallelism });
            Console.WriteLine($"compiler: {compiler.Description}");
            var clock = Stopwatch.StartNew();
            var outputs = await compiler.CompileAsync(requests, CancellationToken.None);
            clock.Stop();
            var matching = outputs.Where((o, i) => o.AsSpan().SequenceEqual(File.ReadAllBytes(Path.ChangeExtension(requests[i].SourceFile, ".mpy")))).Count();
            Console.WriteLine($"parallelism {parallelism}: {clock.Elapsed.TotalSeconds:0.000} s, {requests.Count / clock.Elapsed.TotalSeconds:0.0} files/s, {matching}/{requests.Count} identical to upstream");
        }

        return 0;
    }

    private static string FindCorpus()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MicroPythonRomfs.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "vectors", "compiler"));
            }
        }

        throw new DirectoryNotFoundException("MicroPythonRomfs.sln was not found above " + AppContext.BaseDirectory + "; pass --corpus.");
    }
}
