using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.Tests.Romfs;

public class RomfsImageVectorTests
{
    public static TheoryData<string> Trees => VectorTrees.All();

    [Theory]
    [MemberData(nameof(Trees))]
    public void Parse_NoMpyImage_ListsExactlyTheTreeWithItsBytes(string tree)
    {
        using var temp = new TempFolder();
        var root = VectorTrees.PathOf(tree, temp);
        var image = RomfsImage.Parse(File.ReadAllBytes(TestPaths.VectorImage(tree + ".nompy.romfs")));

        var expected = ListTree(root);
        var actual = image.Entries.Select(e => (e.Path, e.Kind)).OrderBy(e => e.Path, StringComparer.Ordinal).ToList();

        Assert.Equal(expected, actual);
        foreach (var entry in image.Entries.Where(e => e.Kind == RomfsEntryKind.File))
        {
            var onDisk = File.ReadAllBytes(Path.Combine(root, entry.Path));
            Assert.Equal(onDisk.Length, entry.Length);
            Assert.Equal(onDisk, image.GetData(entry).ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(Trees))]
    public void Parse_MpyImage_ListsTheTreeWithCompiledNamesAndVectorMpyBytes(string tree)
    {
        using var temp = new TempFolder();
        var root = VectorTrees.PathOf(tree, temp);
        var image = RomfsImage.Parse(File.ReadAllBytes(TestPaths.VectorImage(tree + ".mpy.romfs")));

        foreach (var entry in image.Entries.Where(e => e.Kind == RomfsEntryKind.File))
        {
            var data = image.GetData(entry).ToArray();
            var onDisk = Path.Combine(root, entry.Path);
            if (File.Exists(onDisk))
            {
                Assert.Equal(File.ReadAllBytes(onDisk), data);
            }
            else
            {
                Assert.EndsWith(".mpy", entry.Path);
                Assert.Equal(File.ReadAllBytes(Path.Combine(TestPaths.Vectors, "mpy", tree, entry.Path)), data);
            }
        }

        Assert.Equal(ListTree(root).Count, image.Entries.Count);
    }

    [Fact]
    public void Parse_BasicImage_GivesPathsNamesKindsAndOffsets()
    {
        var bytes = File.ReadAllBytes(TestPaths.VectorImage("basic.nompy.romfs"));
        var image = RomfsImage.Parse(bytes);

        Assert.True(image.TryGetEntry("/data/assets/logo.bin", out var logo));
        Assert.Equal("logo.bin", logo!.Name);
        Assert.Equal(RomfsEntryKind.File, logo.Kind);
        Assert.Equal(1000, logo.Length);
        Assert.Equal(File.ReadAllBytes(Path.Combine(TestPaths.VectorTree("basic"), "data", "assets", "logo.bin")), bytes.Skip((int)logo.Offset).Take(1000).ToArray());
        Assert.Equal(new[] { "config.py", "data", "lib", "main.py" }, image.RootEntries.Select(e => e.Name));
        Assert.Equal(2310, image.Length);
        Assert.Equal(3, image.DirectoryCount);
        Assert.Equal(6, image.FileCount);
    }

    private static List<(string Path, RomfsEntryKind Kind)> ListTree(string root)
    {
        var list = new List<(string, RomfsEntryKind)>();
        foreach (var dir in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories))
        {
            list.Add((Path.GetRelativePath(root, dir).Replace('\\', '/'), RomfsEntryKind.Directory));
        }

        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            list.Add((Path.GetRelativePath(root, file).Replace('\\', '/'), RomfsEntryKind.File));
        }

        return list.OrderBy(e => e.Item1, StringComparer.Ordinal).ToList();
    }
}
