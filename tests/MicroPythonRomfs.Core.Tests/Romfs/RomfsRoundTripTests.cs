using FsCheck;
using FsCheck.Fluent;
using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.Tests.Romfs;

public class RomfsRoundTripTests
{
    [Theory]
    [InlineData("basic", 1)]
    [InlineData("names", 1)]
    [InlineData("deep", 16)]
    [InlineData("big", 4)]
    public async Task BuildReadExtract_GivesBackTheIdenticalTree(string tree, int alignment)
    {
        using var temp = new TempFolder();
        var source = TestPaths.VectorTree(tree);
        var image = await RomfsBuilder.BuildAsync(source, new RomfsBuildOptions { CompileMpy = false, Alignment = alignment });

        var written = RomfsFile.ExtractToDirectory(RomfsImage.Parse(image), temp.Path);

        Assert.Equal(Snapshot(source), Snapshot(temp.Path));
        Assert.Equal(Directory.GetFiles(source, "*", SearchOption.AllDirectories).Length, written.Count);
    }

    [Fact]
    public void BuildThenParse_PreservesEveryEntryAndItsBytes_ForRandomTrees()
    {
        Prop.ForAll<int, byte>((seed, alignChoice) =>
        {
            var alignment = 1 << (alignChoice % 6);
            var items = RandomTree.Generate(seed);
            var bytes = RomfsBuilder.BuildAsync(items, new RomfsBuildOptions { CompileMpy = false, Alignment = alignment }).GetAwaiter().GetResult();
            var image = RomfsImage.Parse(bytes);

            var expected = ExpandParents(items);
            if (expected.Count != image.Entries.Count || bytes.Length % 2 != 0)
            {
                return false;
            }

            foreach (var item in items)
            {
                if (!image.TryGetEntry(item.ImagePath, out var entry) || entry.IsDirectory != item.IsDirectory)
                {
                    return false;
                }

                if (!item.IsDirectory && (!image.GetData(entry).Span.SequenceEqual(item.Data!.Value.Span) || entry.Offset % alignment != 0))
                {
                    return false;
                }
            }

            // Every folder lists its entries in code-point order.
            return image.Entries.Where(e => e.IsDirectory).Select(e => e.Children).Append(image.RootEntries)
                .All(children => children.Select(c => c.Name).SequenceEqual(children.Select(c => c.Name).OrderBy(n => n, RomfsNameComparer.Instance)));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Build_IsDeterministic_WhateverTheOrderOfTheItems()
    {
        Prop.ForAll<int>(seed =>
        {
            var items = RandomTree.Generate(seed);
            var shuffled = items.OrderBy(_ => new Random(seed + 1).Next()).Reverse().ToList();
            var a = RomfsBuilder.BuildAsync(items, new RomfsBuildOptions { CompileMpy = false }).GetAwaiter().GetResult();
            var b = RomfsBuilder.BuildAsync(shuffled, new RomfsBuildOptions { CompileMpy = false }).GetAwaiter().GetResult();
            return a.AsSpan().SequenceEqual(b);
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(16)]
    [InlineData(4096)]
    public async Task Build_WithAlignment_PlacesEveryFilesDataOnTheBoundary(int alignment)
    {
        var bytes = await RomfsBuilder.BuildAsync(TestPaths.VectorTree("basic"), new RomfsBuildOptions { CompileMpy = false, Alignment = alignment });
        var image = RomfsImage.Parse(bytes);

        Assert.Equal(0, bytes.Length % 2);
        Assert.All(image.Entries.Where(e => !e.IsDirectory), e => Assert.Equal(0, e.Offset % alignment));
        Assert.Equal(6, image.FileCount);
    }

    [Fact]
    public async Task Build_StoresNonAsciiNamesAsUtf8()
    {
        var bytes = await RomfsBuilder.BuildAsync(new[] { RomfsSourceItem.ForBytes("données/température.txt", new byte[] { 1, 2 }) }, new RomfsBuildOptions());
        var image = RomfsImage.Parse(bytes);

        Assert.True(image.TryGetEntry("données/température.txt", out var entry));
        Assert.Equal(2, entry!.Length);
        Assert.True(bytes.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes("température.txt")) > 0);
    }

    private static List<string> ExpandParents(IEnumerable<RomfsSourceItem> items)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var parts = item.ImagePath.Split('/');
            for (var i = 1; i <= parts.Length; i++)
            {
                set.Add(string.Join("/", parts.Take(i)));
            }
        }

        return set.ToList();
    }

    private static List<string> Snapshot(string root) =>
        Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(root, p).Replace('\\', '/') + (File.Exists(p) ? ":" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(p))) : "/"))
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToList();
}
