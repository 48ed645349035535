using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.Tests.Romfs;

public class RomfsExcludeFilterTests
{
    [Theory]
    [InlineData("*.pyc", "lib/cache.pyc", true)]
    [InlineData("*.pyc", "lib/cache.py", false)]
    [InlineData("__pycache__", "lib/__pycache__", true)]
    [InlineData("tests/*", "tests/test_a.py", true)]
    [InlineData("tests/*", "lib/tests/test_a.py", false)]
    [InlineData("**/*.md", "docs/deep/readme.md", true)]
    [InlineData("README.*", "readme.md", true)]
    [InlineData("?.txt", "a.txt", true)]
    [InlineData("?.txt", "ab.txt", false)]
    public void Excludes_MatchesNamesAnywhereAndPathsFromTheRoot(string pattern, string path, bool expected)
    {
        Assert.Equal(expected, new RomfsExcludeFilter(new[] { pattern }).Excludes(path));
    }

    [Fact]
    public async Task Build_WithExclude_LeavesOutMatchingFilesAndWholeFolders()
    {
        var image = RomfsImage.Parse(await RomfsBuilder.BuildAsync(TestPaths.VectorTree("basic"), new RomfsBuildOptions { CompileMpy = false, Exclude = new[] { "data", "config.*" } }));

        Assert.Equal(new[] { "lib", "lib/module1.py", "lib/module2.py", "main.py" }, image.Entries.Select(e => e.Path));
    }
}
