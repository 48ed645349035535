using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.Tests.Romfs;

public class RomfsEntryMpyTests
{
    [Theory]
    [InlineData("basic")]
    [InlineData("big")]
    [InlineData("premade")]
    [InlineData("names")]
    public void Entries_OfEveryVectorMpyImage_DescribeTheirMpyHeaders(string tree)
    {
        var image = RomfsImage.Parse(File.ReadAllBytes(TestPaths.VectorImage(tree + ".mpy.romfs")));
        var mpyEntries = image.Entries.Where(e => e.Name.EndsWith(".mpy", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(mpyEntries);
        foreach (var entry in mpyEntries)
        {
            Assert.Equal("mpy 6, bytecode only", entry.MpyDescription);
            Assert.NotNull(entry.MpyHeader);
            var premade = tree == "premade" && entry.Path == "foo.mpy";
            var expectedName = premade ? "foo.py" : tree + "/" + entry.Path.Substring(0, entry.Path.Length - 4) + ".py";
            Assert.Equal(expectedName, entry.MpyHeader!.SourceName);
            var vectorFile = premade
                ? Path.Combine(TestPaths.VectorTree("premade"), "foo.mpy")
                : Path.Combine(TestPaths.Vectors, "mpy", tree, entry.Path.Replace('/', Path.DirectorySeparatorChar));
            Assert.Equal(File.ReadAllBytes(vectorFile), image.GetData(entry).ToArray());
        }

        Assert.All(image.Entries.Except(mpyEntries), e => Assert.Null(e.MpyDescription));
    }

    [Fact]
    public void Entries_OfTheNoMpyImage_HaveNoMpyDescription_ExceptThePremadeFile()
    {
        var image = RomfsImage.Parse(File.ReadAllBytes(TestPaths.VectorImage("premade.nompy.romfs")));
        Assert.Equal(new[] { "foo.mpy" }, image.Entries.Where(e => e.MpyDescription != null).Select(e => e.Path));
    }

    [Fact]
    public async Task Entry_OfAMpyThatIsNotOne_SaysWhy()
    {
        var bytes = await RomfsBuilder.BuildAsync(new[] { RomfsSourceItem.ForBytes("x.mpy", new byte[] { 0x4D }) });
        var entry = Assert.Single(RomfsImage.Parse(bytes).Entries);
        Assert.Null(entry.MpyHeader);
        Assert.Equal("not a valid .mpy: the header needs 4 bytes but only 1 are present (at byte offset 1)", entry.MpyDescription);
    }
}
