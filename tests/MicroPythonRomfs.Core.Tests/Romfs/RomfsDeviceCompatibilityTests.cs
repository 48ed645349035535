using FsCheck;
using FsCheck.Fluent;
using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.Tests.Romfs;

public class RomfsDeviceCompatibilityTests
{
    [Fact]
    public void DeviceModel_FindsEveryEntryOfTheUpstreamImagesWhereOurReaderDoes()
    {
        foreach (var name in new[] { "basic.mpy.romfs", "names.nompy.romfs", "deep.nompy.romfs", "premade.mpy.romfs" })
        {
            var bytes = File.ReadAllBytes(TestPaths.VectorImage(name));
            AssertDeviceSeesWhatWeSee(bytes);
        }
    }

    [Fact]
    public void DeviceModel_ReadsOurAlignedImagesLikeOurReader_ForRandomTrees()
    {
        Prop.ForAll<int, byte>((seed, alignChoice) =>
        {
            var alignment = 1 << (alignChoice % 9);
            var bytes = RomfsBuilder.BuildAsync(RandomTree.Generate(seed), new RomfsBuildOptions { CompileMpy = false, Alignment = alignment }).GetAwaiter().GetResult();
            AssertDeviceSeesWhatWeSee(bytes);
            return true;
        }).QuickCheckThrowOnFailure();
    }

    private static void AssertDeviceSeesWhatWeSee(byte[] bytes)
    {
        var image = RomfsImage.Parse(bytes);
        Assert.Equal(0, bytes.Length % 2);
        foreach (var entry in image.Entries)
        {
            var (stat, size, offset) = DeviceReaderModel.Search(bytes, "/" + entry.Path);
            if (entry.Kind == RomfsEntryKind.File)
            {
                Assert.Equal(DeviceReaderModel.Stat.File, stat);
                Assert.Equal(entry.Length, size);
                Assert.Equal(entry.Offset, offset);
            }
            else
            {
                Assert.Equal(DeviceReaderModel.Stat.Directory, stat);
            }
        }
    }
}
