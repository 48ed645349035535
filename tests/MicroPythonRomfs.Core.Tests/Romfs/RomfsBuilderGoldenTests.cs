using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.Tests.Romfs;

public class RomfsBuilderGoldenTests
{
    public static TheoryData<string> Trees => VectorTrees.All();

    [Theory]
    [MemberData(nameof(Trees))]
    public async Task Build_WithoutMpy_MatchesUpstreamImage_ForEveryVectorTree(string tree)
    {
        using var temp = new TempFolder();
        var expected = File.ReadAllBytes(TestPaths.VectorImage(tree + ".nompy.romfs"));

        var actual = await RomfsBuilder.BuildAsync(VectorTrees.PathOf(tree, temp), new RomfsBuildOptions { CompileMpy = false });

        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Trees))]
    public async Task Build_WithMpy_MatchesUpstreamImage_ForEveryVectorTree(string tree)
    {
        using var temp = new TempFolder();
        var expected = File.ReadAllBytes(TestPaths.VectorImage(tree + ".mpy.romfs"));
        var compiler = new VectorMpyCompiler();

        var actual = await RomfsBuilder.BuildAsync(VectorTrees.PathOf(tree, temp), new RomfsBuildOptions { Compiler = compiler });

        Assert.Equal(expected, actual);
        Assert.True(compiler.Calls.Count <= 1, "every .py is compiled in one call");
    }

    [Fact]
    public async Task Build_CompilesOnlyPyWithoutMpyBeside_WithTreeNamePrefixedSourceNames()
    {
        var compiler = new VectorMpyCompiler();

        await RomfsBuilder.BuildAsync(TestPaths.VectorTree("premade"), new RomfsBuildOptions { Compiler = compiler });

        var call = Assert.Single(compiler.Calls);
        var request = Assert.Single(call);
        Assert.Equal("premade/bar.py", request.SourceName);
        Assert.Equal(Path.Combine(TestPaths.VectorTree("premade"), "bar.py"), request.SourceFile);
    }

    [Fact]
    public async Task Build_WithoutCompiler_StoresPySourcesAndWarnsOnce()
    {
        var reporter = new RecordingReporter();

        var image = await RomfsBuilder.BuildAsync(TestPaths.VectorTree("basic"), new RomfsBuildOptions { Reporter = reporter });

        Assert.Equal(File.ReadAllBytes(TestPaths.VectorImage("basic.nompy.romfs")), image);
        var warning = Assert.Single(reporter.Warnings);
        Assert.Contains("mpy-cross", warning);
        Assert.Contains("MPY_CROSS", warning);
    }

    [Fact]
    public async Task Build_WithNoMpy_DoesNotWarn()
    {
        var reporter = new RecordingReporter();

        await RomfsBuilder.BuildAsync(TestPaths.VectorTree("basic"), new RomfsBuildOptions { CompileMpy = false, Reporter = reporter });

        Assert.Empty(reporter.Warnings);
    }
}
