using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using MicroPythonRomfs.Tests;

namespace MicroPythonRomfs.Bench;

/// <summary>
/// The native mpromfs beside upstream's C and Python tools (../shared/rig/bin), in one run, each figure the median
/// wall clock of whole processes as a user or a build system starts them:
/// start-up (<c>mpromfs --version</c>); a generated 1,500-file tree and the compiler corpus tree built by mpromfs and
/// by <c>mpremote romfs build</c> (images checked byte-identical); the corpus compiled one process per file by
/// mpromfs and by mpy-cross, and by one <c>mpromfs compile</c> of the whole tree (outputs checked byte-identical).
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project bench/MicroPythonRomfs.Bench -- peers [--mpromfs PATH] [--rounds N]</c>; the
/// native binary comes from tools/native/publish.sh (out/native/&lt;rid&gt;/mpromfs).
/// </remarks>
internal static class PeersBenchmark
{
    private const int TreeFiles = 1500;

    public static int Run(string[] args)
    {
        var mpromfs = Path.Combine(TestPaths.RepoRoot, "out", "native", HostRid(), "mpromfs");
        var rounds = 11;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--mpromfs" when i + 1 < args.Length:
                    mpromfs = Path.GetFullPath(args[++i]);
                    break;
                case "--rounds" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0:
                    rounds = n;
                    i++;
                    break;
                default:
                    Console.Error.WriteLine("usage: peers [--mpromfs PATH] [--rounds N]");
                    return 2;
            }
        }

        var rig = Path.GetFullPath(Path.Combine(TestPaths.Vectors, "..", "rig", "bin"));
        var mpremote = Path.Combine(rig, "mpremote");
        var mpyCross = Path.Combine(rig, "mpy-cross");
        foreach (var (tool, hint) in new[] { (mpromfs, "run tools/native/publish.sh first, or give --mpromfs"), (mpremote, "../shared/rig is missing"), (mpyCross, "../shared/rig is missing") })
        {
            if (!File.Exists(tool))
            {
                Console.Error.WriteLine($"peers: {tool} not found ({hint}).");
                return 1;
            }
        }

        var work = Path.Combine(Path.GetTempPath(), "mpromfs-peers-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            Console.WriteLine($"mpromfs: {mpromfs} ({Run(mpromfs, work, "--version").Output.Trim()})");
            Console.WriteLine($"peers: {rig} ({Run(mpyCross, work, "--version").Output.Trim()}); {Environment.ProcessorCount} cores; medians of {rounds} rounds");
            var failures = 0;

            // Start-up.
            var startRounds = Math.Max(rounds, 51);
            var ours = Median(startRounds, () => Time(mpromfs, work, "--version"));
            var theirs = Median(startRounds, () => Time(mpyCross, work, "--version"));
            failures += Figure("start-up, --version", ours, "mpy-cross", theirs, "<= 15 ms", ours.TotalMilliseconds <= 15);

            // A 1,500-file tree, no Python.
            var tree = Path.Combine(work, "tree1500");
            GenerateTree(tree);
            failures += CompareBuilds($"build, {TreeFiles}-file tree", tree, work, mpromfs, mpremote, rounds, 2.0);

            // The compiler corpus as a tree: every program upstream compiles without -march (133 files).
            var corpus = Path.Combine(work, "corpus");
            var sources = CopyCorpus(corpus);
            failures += CompareBuilds($"build, corpus tree ({sources.Count} .py)", corpus, work, mpromfs, mpremote, rounds, 3.0);

            // One process per file, as build systems call mpy-cross.
            var relative = sources.Select(s => Path.GetRelativePath(work, s).Replace('\\', '/')).ToList();
            var oursOut = Path.Combine(work, "ours");
            var theirsOut = Path.Combine(work, "theirs");
            var perFileOurs = new List<TimeSpan>();
            var perFileTheirs = new List<TimeSpan>();
            var perFileRounds = Math.Max(1, rounds / 4);
            for (var round = 0; round < perFileRounds; round++)
            {
                var sumOurs = TimeSpan.Zero;
                var sumTheirs = TimeSpan.Zero;
                foreach (var source in relative)
                {
                    var target = source.Substring(0, source.Length - 3) + ".mpy";
                    Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(theirsOut, target))!);
                    Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(oursOut, target))!);
                    sumTheirs += Time(mpyCross, work, "-o", Path.Combine(theirsOut, target), source);
                    sumOurs += Time(mpromfs, work, "compile", "-o", Path.Combine(oursOut, target), source);
                }

                perFileOurs.Add(sumOurs);
                perFileTheirs.Add(sumTheirs);
            }

            var perFileO = MedianOf(perFileOurs);
            var perFileT = MedianOf(perFileTheirs);
            var identical = SameFiles(oursOut, theirsOut, relative);
            failures += Figure($"compile one process per file, {relative.Count} files (per file)", perFileO / relative.Count, "mpy-cross", perFileT / relative.Count,
                "<= 2x mpy-cross's time", perFileO.TotalSeconds <= 2 * perFileT.TotalSeconds, identical);

            // The whole corpus in one process.
            var batchOut = Path.Combine(work, "batch");
            var batch = Median(rounds, () => Time(mpromfs, work, "compile", "corpus", "-o", Path.Combine(batchOut, "corpus")));
            var batchIdentical = SameFiles(batchOut, theirsOut, relative);
            failures += Figure($"compile the corpus in one process vs one mpy-cross per file ({relative.Count} files)", batch, "mpy-cross per file", perFileT,
                ">= 5x faster", perFileT.TotalSeconds >= 5 * batch.TotalSeconds, batchIdentical);

            Console.WriteLine(failures == 0 ? "peers: every target met" : $"peers: {failures} target(s) missed");
            return failures == 0 ? 0 : 1;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static int CompareBuilds(string name, string tree, string work, string mpromfs, string mpremote, int rounds, double factor)
    {
        var ourImage = Path.Combine(work, "ours.romfs");
        var theirImage = Path.Combine(work, "theirs.romfs");
        var folder = Path.GetDirectoryName(tree)!;
        var leaf = Path.GetFileName(tree);
        var oursRounds = new List<TimeSpan>();
        var theirsRounds = new List<TimeSpan>();
        for (var i = 0; i < rounds; i++)
        {
            // Alternate, so both see the same state of the file cache and the machine.
            theirsRounds.Add(Time(mpremote, folder, "romfs", "-o", theirImage, "build", leaf));
            oursRounds.Add(Time(mpromfs, folder, "build", leaf, "-o", ourImage, "--force"));
        }

        var ours = MedianOf(oursRounds);
        var theirs = MedianOf(theirsRounds);
        var identical = File.ReadAllBytes(ourImage).AsSpan().SequenceEqual(File.ReadAllBytes(theirImage));
        return Figure(name, ours, "mpremote romfs build", theirs, $">= {factor:0}x faster", theirs.TotalSeconds >= factor * ours.TotalSeconds, identical);
    }

    private static int Figure(string name, TimeSpan ours, string peer, TimeSpan theirs, string target, bool met, bool? identical = null)
    {
        var same = identical switch { true => ", outputs byte-identical", false => ", OUTPUTS DIFFER", null => string.Empty };
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: mpromfs {Ms(ours)}, {peer} {Ms(theirs)} ({theirs.TotalSeconds / ours.TotalSeconds:F1}x){same}; target {target}: {(met ? "met" : "MISSED")}"));
        return met && identical != false ? 0 : 1;
    }

    private static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString(time.TotalMilliseconds < 100 ? "F1" : "F0", CultureInfo.InvariantCulture) + " ms";

    private static TimeSpan Median(int rounds, Func<TimeSpan> measure)
    {
        measure(); // warm the file cache and the page cache of the binary
        return MedianOf(Enumerable.Range(0, rounds).Select(_ => measure()).ToList());
    }

    private static TimeSpan MedianOf(List<TimeSpan> times)
    {
        var sorted = times.OrderBy(t => t).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static TimeSpan Time(string program, string folder, params string[] args)
    {
        var stopwatch = Stopwatch.StartNew();
        var result = Run(program, folder, args);
        stopwatch.Stop();
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(" ", args)} exited {result.ExitCode}: {result.Error.Trim()}");
        }

        return stopwatch.Elapsed;
    }

    private static (int ExitCode, string Output, string Error) Run(string program, string folder, params string[] args)
    {
        var info = new ProcessStartInfo(program) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }

    private static bool SameFiles(string left, string right, IEnumerable<string> relativeSources) =>
        relativeSources.Select(s => s.Substring(0, s.Length - 3) + ".mpy")
            .All(m => File.ReadAllBytes(Path.Combine(left, m)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(right, m))));

    private static List<string> CopyCorpus(string corpus)
    {
        var source = Path.Combine(TestPaths.Vectors, "compiler");
        var copied = new List<string>();
        foreach (var file in Directory.GetFiles(source, "*.py", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(source, file);
            var group = relative.Split(Path.DirectorySeparatorChar)[0];
            if (group is "errors" or "native")
            {
                continue;
            }

            var target = Path.Combine(corpus, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
            copied.Add(target);
        }

        return copied;
    }

    private static void GenerateTree(string root)
    {
        var random = new Random(1500);
        for (var i = 0; i < TreeFiles; i++)
        {
            var folder = Path.Combine(root, "pkg" + (i / 100).ToString("D2", CultureInfo.InvariantCulture), "sub" + (i / 20 % 5).ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(folder);
            var data = new byte[random.Next(20, 2000)];
            random.NextBytes(data);
            var extension = (i % 3) switch { 0 => ".txt", 1 => ".bin", _ => ".json" };
            File.WriteAllBytes(Path.Combine(folder, "file" + i.ToString("D4", CultureInfo.InvariantCulture) + extension), data);
        }
    }

    private static string HostRid()
    {
        var os = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "win" : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "osx" : "linux";
        var arch = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "x64";
        return os + "-" + arch;
    }
}
