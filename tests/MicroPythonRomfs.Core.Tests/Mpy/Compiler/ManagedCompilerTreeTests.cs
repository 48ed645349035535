using MicroPythonRomfs.Mpy.Compiler;

namespace MicroPythonRomfs.Tests.Mpy.Compiler;

public class ManagedCompilerTreeTests
{
    public static TheoryData<string> TreeSources()
    {
        var trees = Path.Combine(TestPaths.Vectors, "trees");
        return new TheoryData<string>(
            Directory.GetFiles(trees, "*.py", SearchOption.AllDirectories)
                .Select(p => RelativeTo(trees, p))
                .OrderBy(p => p, StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TreeSources))]
    public void Compile_MatchesMpyCross_ForEveryVectorTreeSource(string relativePath)
    {
        var source = File.ReadAllBytes(Path.Combine(TestPaths.Vectors, "trees", relativePath));
        var expected = File.ReadAllBytes(Path.Combine(TestPaths.Vectors, "mpy", Path.ChangeExtension(relativePath, ".mpy")));
        var actual = new ManagedMpyCompiler().Compile(source, relativePath);
        Assert.True(MpyFileReader.DescribeFirstDifference(actual, expected) == null, MpyFileReader.DescribeFirstDifference(actual, expected));
    }

    [Fact]
    public void Compile_MatchesThePremadeMpy_WhenGivenItsBareName()
    {
        var source = File.ReadAllBytes(Path.Combine(TestPaths.Vectors, "trees", "premade", "foo.py"));
        var expected = File.ReadAllBytes(Path.Combine(TestPaths.Vectors, "trees", "premade", "foo.mpy"));
        Assert.Equal(expected, new ManagedMpyCompiler().Compile(source, "foo.py"));
    }

    [Theory]
    [MemberData(nameof(TreeSources))]
    public void Compile_GivesTheBytesStoredInTheUpstreamImage(string relativePath)
    {
        var tree = relativePath.Substring(0, relativePath.IndexOf('/'));
        var name = Path.GetFileName(relativePath);
        if (tree == "premade" && name == "foo.py")
        {
            // A .py with a .mpy beside it is stored as it is, not compiled.
            return;
        }

        var image = File.ReadAllBytes(Path.Combine(TestPaths.Vectors, "images", tree + ".mpy.romfs"));
        var actual = new ManagedMpyCompiler().Compile(File.ReadAllBytes(Path.Combine(TestPaths.Vectors, "trees", relativePath)), relativePath);
        Assert.True(IndexOf(image, actual) >= 0, $"{tree}.mpy.romfs does not hold the compiled {relativePath}");
    }

    private static string RelativeTo(string root, string path) =>
        path.Substring(root.Length + 1).Replace(Path.DirectorySeparatorChar, '/');

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }

        return -1;
    }
}
