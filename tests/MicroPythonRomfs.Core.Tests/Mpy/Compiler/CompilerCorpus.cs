namespace MicroPythonRomfs.Tests.Mpy.Compiler;

/// <summary>The compiler corpus in ../shared/vectors/compiler: programs with upstream's .mpy, and refusals with .err.</summary>
internal static class CompilerCorpus
{
    public static string Root => Path.Combine(TestPaths.Vectors, "compiler");

    /// <summary>Every program with a bytecode .mpy, as "group/name".</summary>
    public static IEnumerable<string> Programs() =>
        Directory.GetDirectories(Root)
            .SelectMany(dir => Directory.GetFiles(dir, "*.py"))
            .Where(py => File.Exists(Path.ChangeExtension(py, ".mpy")))
            .Select(Name)
            .OrderBy(n => n, StringComparer.Ordinal);

    /// <summary>Every file mpy-cross refuses (the errors group, and the native group without -march).</summary>
    public static IEnumerable<string> Refusals() =>
        Directory.GetDirectories(Root)
            .SelectMany(dir => Directory.GetFiles(dir, "*.py"))
            .Where(py => File.Exists(Path.ChangeExtension(py, ".err")))
            .Select(Name)
            .OrderBy(n => n, StringComparer.Ordinal);

    public static string PathOf(string program, string extension) => Path.Combine(Root, program.Replace('/', Path.DirectorySeparatorChar) + extension);

    /// <summary>The -s name the corpus was compiled with.</summary>
    public static string SourceName(string program) => "compiler/" + program + ".py";

    /// <summary>The programs the managed compiler is known to reproduce byte for byte (checked in beside the tests).</summary>
    public static HashSet<string> MatchingList()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Mpy", "Compiler", "MatchingPrograms.txt");
        return new HashSet<string>(
            File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("#", StringComparison.Ordinal)),
            StringComparer.Ordinal);
    }

    private static string Name(string py) =>
        Path.GetFileName(Path.GetDirectoryName(py)!) + "/" + Path.GetFileNameWithoutExtension(py);
}
