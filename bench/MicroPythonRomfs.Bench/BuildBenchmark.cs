using System.Diagnostics;
using System.Globalization;
using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.Bench;

/// <summary>
/// Image build throughput: a generated 5,000-file / 50 MB tree and the <c>big</c> vector tree, each built from
/// disk (file cache warm) and, separately, laid out from bytes already in memory.
/// </summary>
internal static class BuildBenchmark
{
    private const int FileCount = 5000;
    private const long TotalBytes = 50_000_000;
    private const int MaxIterations = 10000;
    private static readonly TimeSpan MinTimePerCase = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MaxTimePerCase = TimeSpan.FromSeconds(20);

    public static int Run(string[] args)
    {
        var generated = Path.Combine(Path.GetTempPath(), "mpromfs-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            var stopwatch = Stopwatch.StartNew();
            GenerateTree(generated);
            Console.WriteLine($"generated {FileCount} files, {TotalBytes / 1e6:F0} MB in {stopwatch.Elapsed.TotalSeconds:F1} s");
            Measure("generated 5000 files / 50 MB, from disk", generated);
            MeasureInMemory("generated 5000 files / 50 MB, in memory", generated);

            var big = FindBigVector();
            if (big != null)
            {
                Measure("vector tree 'big', from disk", big);
                MeasureInMemory("vector tree 'big', in memory", big);
            }
            else
            {
                Console.WriteLine("vector tree 'big' not found (set MPROMFS_VECTORS); skipped");
            }

            return 0;
        }
        finally
        {
            if (Directory.Exists(generated))
            {
                Directory.Delete(generated, recursive: true);
            }
        }
    }

    private static void Measure(string name, string tree)
    {
        var options = new RomfsBuildOptions { CompileMpy = false };
        Report(name, () => RomfsBuilder.BuildAsync(tree, options).GetAwaiter().GetResult().Length);
    }

    private static void MeasureInMemory(string name, string tree)
    {
        var items = RomfsSourceSet.FromDirectory(tree)
            .Select(i => i.IsDirectory ? i : RomfsSourceItem.ForBytes(i.ImagePath, File.ReadAllBytes(i.SourceFile!)))
            .ToList();
        var options = new RomfsBuildOptions { CompileMpy = false };
        Report(name, () => RomfsBuilder.BuildAsync(items, options).GetAwaiter().GetResult().Length);
    }

    private static void Report(string name, Func<int> build)
    {
        var length = build(); // warm-up: JIT and file cache
        var stopwatch = Stopwatch.StartNew();
        var iterations = 0;
        while (iterations < MaxIterations && stopwatch.Elapsed < MaxTimePerCase && (iterations < 5 || stopwatch.Elapsed < MinTimePerCase))
        {
            build();
            iterations++;
        }

        var seconds = stopwatch.Elapsed.TotalSeconds;
        var imagesPerSecond = iterations / seconds;
        var megabytesPerSecond = length * (double)iterations / seconds / 1e6;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: image {length} bytes, {iterations} builds in {seconds:F2} s, {imagesPerSecond:F2} images/s, {megabytesPerSecond:F1} MB/s"));
    }

    private static void GenerateTree(string root)
    {
        var random = new Random(5000);
        var average = TotalBytes / FileCount;
        long written = 0;
        var previous = 0;
        var buffer = new byte[average * 2];
        for (var i = 0; i < FileCount; i++)
        {
            var folder = Path.Combine(root, "pkg" + (i / 250).ToString("D2", CultureInfo.InvariantCulture), "sub" + (i / 50 % 5).ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(folder);
            // Sizes come in pairs that sum to twice the average, so the tree holds exactly TotalBytes.
            var size = i % 2 == 0 ? random.Next((int)(average / 2), (int)(average * 3 / 2)) : (int)(2 * average) - previous;
            previous = size;
            random.NextBytes(buffer.AsSpan(0, size));
            var extension = (i % 3) switch { 0 => ".py", 1 => ".bin", _ => ".json" };
            File.WriteAllBytes(Path.Combine(folder, "file" + i.ToString("D4", CultureInfo.InvariantCulture) + extension), buffer.AsSpan(0, size).ToArray());
            written += size;
        }
    }

    private static string? FindBigVector()
    {
        var vectors = Environment.GetEnvironmentVariable("MPROMFS_VECTORS");
        if (string.IsNullOrEmpty(vectors))
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "MicroPythonRomfs.sln")))
                {
                    vectors = Path.Combine(dir.FullName, "..", "shared", "vectors");
                    break;
                }
            }
        }

        var big = vectors == null ? null : Path.Combine(vectors, "trees", "big");
        return big != null && Directory.Exists(big) ? Path.GetFullPath(big) : null;
    }
}
