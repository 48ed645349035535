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

    [Fact]
    public async Task Edit_ToTheLastFile_ChangesOnlyBytesFromItToTheEnd_BesidesTheHeader()
    {
        using var tree = new TempFolder();
        for (var i = 0; i < 40; i++)
        {
            tree.WriteFile($"mod{i:00}.py", "# module " + i + "\n" + new string('x', 400) + "\n");
        }

        tree.WriteFile("mod07.py", "print('one')\n");
        var before = await RomfsBuilder.BuildAsync(tree.Path, Options("mod07.py"));
        tree.WriteFile("mod07.py", "print('one and two')\n");
        var after = await RomfsBuilder.BuildAsync(tree.Path, Options("mod07.py"));

        var entryStart = (int)RomfsImage.Parse(after).Entries.Single(e => e.Path == "mod07.py").RecordOffset;
        var firstDifference = Enumerable.Range(8, Math.Min(before.Length, after.Length) - 8).First(i => before[i] != after[i]);
        Assert.True(firstDifference >= entryStart, $"The first difference after the header is at {firstDifference}, before the edited file's record near {entryStart}.");

        var upstreamBefore = await RomfsBuilder.BuildAsync(tree.Path, Options());
        tree.WriteFile("mod07.py", "print('one, two and three')\n");
        var upstreamAfter = await RomfsBuilder.BuildAsync(tree.Path, Options());
        var upstreamDifference = Enumerable.Range(8, Math.Min(upstreamBefore.Length, upstreamAfter.Length) - 8).First(i => upstreamBefore[i] != upstreamAfter[i]);
        Assert.True(upstreamDifference < firstDifference);
    }
}
