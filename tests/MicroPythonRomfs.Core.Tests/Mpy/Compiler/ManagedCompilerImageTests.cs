using MicroPythonRomfs.Mpy.Compiler;
using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.Tests.Mpy.Compiler;

public class ManagedCompilerImageTests
{
    [Theory]
    [InlineData("basic")]
    [InlineData("big")]
    [InlineData("deep")]
    [InlineData("names")]
    [InlineData("premade")]
    public async Task Build_MatchesUpstreamsMpyImage_WithTheManagedCompilerAndNoMpyCross(string tree)
    {
        var options = new RomfsBuildOptions { CompileMpy = true, Compiler = new ManagedMpyCompiler() };

        var image = await RomfsBuilder.BuildAsync(TestPaths.VectorTree(tree), options);

        Assert.Equal(File.ReadAllBytes(TestPaths.VectorImage(tree + ".mpy.romfs")), image);
    }
}
