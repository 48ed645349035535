namespace MicroPythonRomfs.Tests.Mpy;

/// <summary>The .mpy files of the golden vectors, grouped by what upstream mpy-cross was asked to make.</summary>
internal static class MpyVectorFiles
{
    /// <summary>Bytecode-only files: vectors/mpy, the pre-made file in trees/premade and the compiler corpus.</summary>
    public static IEnumerable<string> BytecodeOnly()
    {
        var vectors = TestPaths.Vectors;
        return Directory.EnumerateFiles(Path.Combine(vectors, "mpy"), "*.mpy", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(vectors, "trees"), "*.mpy", SearchOption.AllDirectories))
            .Concat(Directory.EnumerateFiles(Path.Combine(vectors, "compiler"), "*.mpy", SearchOption.AllDirectories)
                .Where(path => !path.EndsWith(".x64.mpy", StringComparison.Ordinal)))
            .OrderBy(path => path, StringComparer.Ordinal);
    }

    /// <summary>Files made with -march=x64 (compiler/native/*.x64.mpy).</summary>
    public static IEnumerable<string> NativeX64()
        => Directory.EnumerateFiles(Path.Combine(TestPaths.Vectors, "compiler", "native"), "*.x64.mpy")
            .OrderBy(path => path, StringComparer.Ordinal);

    /// <summary>The source name upstream embedded in a vector file, from where the vectors README says it came.</summary>
    public static string ExpectedSourceName(string mpyPath)
    {
        var relative = Relative(TestPaths.Vectors, mpyPath);
        if (relative.StartsWith("mpy/", StringComparison.Ordinal))
        {
            return relative.Substring(4, relative.Length - 8) + ".py";
        }

        if (relative == "trees/premade/foo.mpy")
        {
            return "foo.py";
        }

        var withoutArch = relative.EndsWith(".x64.mpy", StringComparison.Ordinal)
            ? relative.Substring(0, relative.Length - 8)
            : relative.Substring(0, relative.Length - 4);
        return withoutArch + ".py";
    }

    public static string Relative(string root, string path)
        => path.Substring(root.Length).TrimStart(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Replace(Path.DirectorySeparatorChar, '/');
}
