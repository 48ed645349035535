using MicroPythonRomfs.Mpy;
using MicroPythonRomfs.Mpy.Compiler;
using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.Tests.Mpy.Compiler;

public class MpyCompilerSelectionTests : IDisposable
{
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "mpromfs-select-" + Guid.NewGuid().ToString("N"));

    public MpyCompilerSelectionTests() => Directory.CreateDirectory(_temp);

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public async Task Resolve_WithNoChoice_IsTheManagedCompilerWithFallback_UnlessMpyCrossIsNamed()
    {
        var auto = await MpyCompilerSelection.ResolveAsync(null, null, null, null, CancellationToken.None);
        var named = await MpyCompilerSelection.ResolveAsync(null, MpyCrossStandIn.ExecutablePath, null, null, CancellationToken.None);
        var managed = await MpyCompilerSelection.ResolveAsync(MpyCompilerKind.Managed, MpyCrossStandIn.ExecutablePath, null, null, CancellationToken.None);

        Assert.IsType<AutoMpyCompiler>(auto);
        Assert.IsType<MpyCrossCompiler>(named);
        Assert.IsType<ManagedMpyCompiler>(managed);
    }

    [Theory]
    [InlineData("basic")]
    [InlineData("big")]
    [InlineData("names")]
    [InlineData("premade")]
    [InlineData("deep")]
    public async Task Build_WithTheDefaultCompiler_MatchesUpstreamImage_WithNoMpyCrossInstalled(string tree)
    {
        // What -Compiler Auto gives on a machine without mpy-cross.
        var compiler = new AutoMpyCompiler(new ManagedMpyCompiler(), null, null);

        var image = await RomfsBuilder.BuildAsync(TestPaths.VectorTree(tree), new RomfsBuildOptions { Compiler = compiler }, CancellationToken.None);

        Assert.Equal(File.ReadAllBytes(TestPaths.VectorImage(tree + ".mpy.romfs")), image);
    }

    [Fact]
    public async Task Auto_StoresNativeCodeAsSource_WithAWarningNamingFileAndLine_WhenThereIsNoMpyCross()
    {
        var app = Path.Combine(_temp, "app");
        Directory.CreateDirectory(app);
        File.Copy(Path.Combine(TestPaths.Vectors, "compiler", "native", "viper_ptr.py"), Path.Combine(app, "fast.py"));
        File.WriteAllText(Path.Combine(app, "main.py"), "import fast\nprint('ok')\n");
        var reporter = new RecordingReporter();
        var compiler = new AutoMpyCompiler(new ManagedMpyCompiler(), null, reporter);

        var image = RomfsImage.Parse(await RomfsBuilder.BuildAsync(app, new RomfsBuildOptions { Compiler = compiler, Reporter = reporter }, CancellationToken.None));

        Assert.Equal(new[] { "fast.py", "main.mpy" }, image.Entries.Select(e => e.Path));
        var warning = Assert.Single(reporter.Warnings, w => w.Contains("native code emitter", StringComparison.Ordinal));
        Assert.Contains(Path.Combine(app, "fast.py") + ":", warning);
        Assert.Contains("@micropython.viper", warning);
    }

    [Fact]
    public async Task Auto_SendsNativeCodeToMpyCross_WhenOneIsAvailable()
    {
        var source = Path.Combine(TestPaths.Vectors, "compiler", "native", "native_basic.py");
        var mpyCross = await MpyCrossCompiler.LocateAsync(MpyCrossStandIn.ExecutablePath, new MpyCrossOptions { Architecture = MpyArchitecture.X64 });
        var compiler = new AutoMpyCompiler(new ManagedMpyCompiler(new MpyCompilerOptions { Architecture = "x64" }), mpyCross, null);

        var results = await compiler.CompileAsync(new[] { new MpyCompileRequest(source, "compiler/native/native_basic.py") }, CancellationToken.None);

        Assert.Equal(File.ReadAllBytes(Path.Combine(TestPaths.Vectors, "compiler", "native", "native_basic.x64.mpy")), results[0]);
    }
}
