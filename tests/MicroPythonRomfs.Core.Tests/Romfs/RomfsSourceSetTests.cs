using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.Tests.Romfs;

public class RomfsSourceSetTests
{
    [Fact]
    public async Task FromPaths_OfEveryFileAndFolderUnderARoot_BuildsTheSameImageAsTheFolder()
    {
        var root = TestPaths.VectorTree("basic");
        var piped = Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Reverse().ToList();

        var items = RomfsSourceSet.FromPaths(piped, root);
        var image = await RomfsBuilder.BuildAsync(items, new RomfsBuildOptions { CompileMpy = false });

        Assert.Equal(File.ReadAllBytes(TestPaths.VectorImage("basic.nompy.romfs")), image);
    }

    [Fact]
    public void FromPaths_KeepsPipedFilesRelativeToTheRoot()
    {
        var root = TestPaths.VectorTree("basic");

        var items = RomfsSourceSet.FromPaths(new[] { Path.Combine(root, "lib", "module1.py") }, root);

        var item = Assert.Single(items);
        Assert.Equal("lib/module1.py", item.ImagePath);
    }

    [Fact]
    public void FromPaths_WithoutARoot_PutsFilesAtTheTopAndFolderContentsRelativeToTheFolder()
    {
        var root = TestPaths.VectorTree("basic");

        var items = RomfsSourceSet.FromPaths(new[] { Path.Combine(root, "lib"), Path.Combine(root, "main.py") });

        Assert.Equal(new[] { "main.py", "module1.py", "module2.py" }, items.Select(i => i.ImagePath));
    }

    [Fact]
    public void FromPaths_OfAFileOutsideTheRoot_FailsNamingIt()
    {
        var outside = Path.Combine(TestPaths.VectorTree("big"), "small.py");

        var error = Assert.Throws<RomfsSourceException>(() => RomfsSourceSet.FromPaths(new[] { outside }, TestPaths.VectorTree("basic")));

        Assert.Equal(outside, error.SourcePath);
    }

    [Fact]
    public void FromPaths_OfAMissingPath_FailsNamingIt()
    {
        using var temp = new TempFolder();
        var missing = temp.Combine("gone.py");

        var error = Assert.Throws<RomfsSourceException>(() => RomfsSourceSet.FromPaths(new[] { missing }));

        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public void FromDirectory_OrdersNamesByCodePointLikePythonSorted()
    {
        var items = RomfsSourceSet.FromDirectory(TestPaths.VectorTree("names"));

        Assert.Equal("UPPER.PY", items[0].ImagePath);
        Assert.Equal("a", items[1].ImagePath);
    }

    [Fact]
    public void NameComparer_PutsCharactersAboveUffffAfterTheRestOfTheBmp()
    {
        Assert.True(RomfsNameComparer.Instance.Compare("\uFB01", "😀") < 0);
        Assert.True(string.CompareOrdinal("\uFB01", "😀") > 0);
    }
}
