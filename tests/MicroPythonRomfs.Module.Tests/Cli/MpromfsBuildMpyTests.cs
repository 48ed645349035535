namespace MicroPythonRomfs.Module.Tests.Cli;

public sealed class MpromfsBuildMpyTests : IDisposable
{
    private readonly string _temp = ModulePaths.NewTempFolder();

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static string Tree(string name) => Path.Combine(ModulePaths.Vectors, "trees", name);

    [Theory]
    [InlineData("basic")]
    [InlineData("big")]
    [InlineData("deep")]
    [InlineData("names")]
    [InlineData("premade")]
    public void Build_WithTheBuiltInCompiler_WritesTheUpstreamMpyImage_WithoutMpyCross(string tree)
    {
        var output = Path.Combine(_temp, tree + ".romfs");

        var run = MpromfsRun.Of("build", Tree(tree), "-o", output, "--compiler", "managed");

        // premade warns that foo.py shadows foo.mpy; no tree may warn about a missing compiler.
        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("compiler", run.Error);
        Assert.Equal(File.ReadAllBytes(Path.Combine(ModulePaths.Vectors, "images", tree + ".mpy.romfs")), File.ReadAllBytes(output));
    }

    [Theory]
    [InlineData("basic")]
    [InlineData("names")]
    public void Build_WithMpyCross_WritesTheUpstreamMpyImage(string tree)
    {
        var output = Path.Combine(_temp, tree + ".romfs");

        var run = MpromfsRun.Of("build", Tree(tree), "-o", output, "--mpy-cross", MpyCrossStandIn.ExecutablePath);

        Assert.Equal("", run.Error);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(File.ReadAllBytes(Path.Combine(ModulePaths.Vectors, "images", tree + ".mpy.romfs")), File.ReadAllBytes(output));
    }

    [Fact]
    public void Build_WithMarch_PassesItToMpyCross()
    {
        // A folder named "compiler" holding native/viper_ptr.py embeds compiler/native/viper_ptr.py, as the vector does.
        var app = Path.Combine(_temp, "compiler");
        Directory.CreateDirectory(Path.Combine(app, "native"));
        File.Copy(Path.Combine(ModulePaths.Vectors, "compiler", "native", "viper_ptr.py"), Path.Combine(app, "native", "viper_ptr.py"));
        var output = Path.Combine(_temp, "native.romfs");

        var run = MpromfsRun.Of("build", app, "-o", output, "--mpy-cross", MpyCrossStandIn.ExecutablePath, "--march", "x64");

        Assert.Equal("", run.Error);
        Assert.Equal(0, run.ExitCode);
        var image = Romfs.RomfsImage.Parse(File.ReadAllBytes(output));
        var entry = Assert.Single(image.Entries, e => !e.IsDirectory);
        Assert.Equal("native/viper_ptr.mpy", entry.Path);
        Assert.Equal("mpy 6.3, x64", entry.MpyDescription);
        Assert.Equal(File.ReadAllBytes(Path.Combine(ModulePaths.Vectors, "compiler", "native", "viper_ptr.x64.mpy")), image.GetData(entry).ToArray());
    }

    [Fact]
    public void Build_WithASyntaxError_PrintsFileAndLine_AndWritesNothing()
    {
        var app = Directory.CreateDirectory(Path.Combine(_temp, "app")).FullName;
        var broken = Path.Combine(app, "broken.py");
        File.Copy(Path.Combine(ModulePaths.Vectors, "compiler", "errors", "assign_to_call.py"), broken);
        var output = Path.Combine(_temp, "out.romfs");

        var run = MpromfsRun.Of("build", app, "-o", output, "--mpy-cross", MpyCrossStandIn.ExecutablePath);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"mpromfs: {broken}:9: SyntaxError: can't assign to expression\n", run.Error);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Build_WithAnUnknownMarch_IsAUsageError()
    {
        var run = MpromfsRun.Of("build", Tree("basic"), "-o", Path.Combine(_temp, "x.romfs"), "--march", "arm64");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("arm64", run.Error);
        Assert.Contains("xtensawin", run.Error);
        Assert.False(File.Exists(Path.Combine(_temp, "x.romfs")));
    }

    [Fact]
    public void Build_WithAMissingMpyCross_FailsNamingIt()
    {
        var missing = Path.Combine(_temp, "no-mpy-cross");

        var run = MpromfsRun.Of("build", Tree("basic"), "-o", Path.Combine(_temp, "x.romfs"), "--mpy-cross", missing);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(missing, run.Error);
    }

    [Fact]
    public void Build_OfPyBesideMpy_WarnsThatThePyShadowsIt()
    {
        var run = MpromfsRun.Of("build", Tree("premade"), "-o", Path.Combine(_temp, "premade.romfs"), "--mpy-cross", MpyCrossStandIn.ExecutablePath);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("mpromfs: warning: 'foo.py' and 'foo.mpy' are both in the image", run.Error);
        Assert.Equal(File.ReadAllBytes(Path.Combine(ModulePaths.Vectors, "images", "premade.mpy.romfs")), File.ReadAllBytes(Path.Combine(_temp, "premade.romfs")));
    }
}
