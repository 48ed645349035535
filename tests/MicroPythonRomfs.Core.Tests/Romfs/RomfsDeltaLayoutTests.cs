using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.Tests.Romfs;

public class RomfsDeltaLayoutTests
{
    private static RomfsBuildOptions Options(params string[] lastFiles) => new() { CompileMpy = false, LastFiles = lastFiles };

    [Fact]
    public async Task Build_WithoutLastFiles_IsByteIdenticalToUpstream()
    {
        var upstream = File.ReadAllBytes(TestPaths.VectorImage("basic.nompy.romfs"));

        var built = await RomfsBuilder.BuildAsync(TestPaths.VectorTree("basic"), new RomfsBuildOptions { CompileMpy = false, LastFiles = Array.Empty<string>() });

        Assert.Equal(upstream, built);
    }

    [Fact]
    public async Task Build_WithLastFiles_PutsThoseFilesAndTheirFoldersLast_InTheGivenOrder()
    {
        using var tree = new TempFolder();
        tree.WriteFile("a.py", "a = 1\n");
        tree.WriteFile("b.py", "b = 1\n");
        tree.WriteFile("lib/x.py", "x = 1\n");
        tree.WriteFile("lib/y.py", "y = 1\n");
        tree.WriteFile("z.txt", "z\n");

        var image = RomfsImage.Parse(await RomfsBuilder.BuildAsync(tree.Path, Options("lib/x.py", "a.py")));

        Assert.Equal(new[] { "b.py", "z.txt", "lib", "a.py" }, image.RootEntries.Select(e => e.Path));
        Assert.Equal(new[] { "b.py", "z.txt", "lib", "lib/y.py", "lib/x.py", "a.py" }, image.Entries.Select(e => e.Path));
    }

    [Fact]
    public async Task Build_WithLastFiles_IgnoresNamesThatAreNotInTheTree()
    {
        using var tree = new TempFolder();
        tree.WriteFile("a.py", "a = 1\n");
        tree.WriteFile("lib/x.py", "x = 1\n");

        var plain = await RomfsBuilder.BuildAsync(tree.Path, Options());
        var ranked = await RomfsBuilder.BuildAsync(tree.Path, Options("lib/missing.py", "nothing/here.py"));

        Assert.Equal(plain, ranked);
    }

    [Theory]
    [InlineData("mod07.py")]
    [InlineData("lib/deep/mod07.py")]
    public async Task Edit_ToTheLastFile_ChangesOnlyBytesFromItOn_AndKeepsTheImageLength(string edited)
    {
        using var tree = new TempFolder();
        for (var i = 0; i < 40; i++)
        {
            tree.WriteFile($"mod{i:00}.py", "# module " + i + "\n" + new string('x', 400) + "\n");
            tree.WriteFile($"lib/deep/mod{i:00}.py", "# module " + i + "\n" + new string('y', 100) + "\n");
        }

        var images = new List<byte[]>();
        foreach (var text in new[] { "print('one')\n", "print('one and two')\n", "print('one, two and three')\n", "print(1)\n" })
        {
            tree.WriteFile(edited, text);
            images.Add(await RomfsBuilder.BuildAsync(tree.Path, Options(edited)));
        }

        foreach (var image in images)
        {
            Assert.Equal(images[0].Length, image.Length);
            Assert.Equal(0, image.Length % 4096);
            Assert.Equal(80, RomfsImage.Parse(image).Entries.Count(e => e.Kind == RomfsEntryKind.File));
            Assert.Equal(edited, RomfsImage.Parse(image).Entries.Last(e => e.Kind == RomfsEntryKind.File).Path);
        }

        for (var i = 1; i < images.Count; i++)
        {
            var start = (int)RomfsImage.Parse(images[i]).Entries.Single(e => e.Path == edited).RecordOffset;
            var firstDifference = Enumerable.Range(0, images[i].Length).First(b => images[i - 1][b] != images[i][b]);
            Assert.True(firstDifference >= start, $"Edit {i}: the first difference is at {firstDifference}, before the edited file's record at {start}.");
        }
    }

    [Fact]
    public async Task UpstreamLayout_ShiftsEverything_WhenTheLengthChangesParity_WhichTheDeltaLayoutAvoids()
    {
        using var tree = new TempFolder();
        tree.WriteFile("a.bin", new byte[20000]);
        tree.WriteFile("main.py", "x = 1\n");
        var upstream = await RomfsBuilder.BuildAsync(tree.Path, Options());
        var delta = await RomfsBuilder.BuildAsync(tree.Path, Options("main.py"));
        tree.WriteFile("main.py", "x = 12\n");
        var upstreamAfter = await RomfsBuilder.BuildAsync(tree.Path, Options());
        var deltaAfter = await RomfsBuilder.BuildAsync(tree.Path, Options("main.py"));

        // Upstream keeps the length even by widening the header's varuint: a.bin's data moves by a byte, and with it
        // every block. The delta layout keeps the length, so nothing before main.py moves.
        static long DataOffset(byte[] image) => RomfsImage.Parse(image).Entries.Single(e => e.Path == "a.bin").Offset;
        Assert.NotEqual(DataOffset(upstream), DataOffset(upstreamAfter));
        Assert.Equal(delta.Length, deltaAfter.Length);
        Assert.Equal(DataOffset(delta), DataOffset(deltaAfter));
        Assert.True(deltaAfter.Take(20000).SequenceEqual(delta.Take(20000)));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(129)]
    [InlineData(130)]
    [InlineData(131)]
    [InlineData(16386)]
    [InlineData(16387)]
    public void AddPadding_TakesExactlyTheGivenBytes_AndTheImageStillReads(int length)
    {
        var plain = new RomfsWriter();
        plain.OpenDirectory("lib");
        plain.AddFile("a.py", new byte[] { 1, 2, 3 });
        var padded = new RomfsWriter();
        padded.OpenDirectory("lib");
        padded.AddFile("a.py", new byte[] { 1, 2, 3 });
        padded.AddPadding(length);

        var paddedBytes = padded.ToArray();
        var plainBytes = plain.ToArray();
        var withPadding = RomfsImage.Parse(paddedBytes);
        var without = RomfsImage.Parse(plainBytes);

        Assert.Equal(without.Entries.Select(e => e.Path), withPadding.Entries.Select(e => e.Path));
        Assert.Equal(new byte[] { 1, 2, 3 }, withPadding.GetData(withPadding.Entries.Single(e => e.Path == "lib/a.py")).ToArray());

        // The padding, plus at most a byte or two where the lengths above it need a longer varuint, and one for parity.
        Assert.InRange(paddedBytes.Length - plainBytes.Length, length, length + 5);
    }

    [Fact]
    public void AddPadding_RefusesOneByte()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RomfsWriter().AddPadding(1));
    }
}
