using MicroPythonRomfs.Mpy;
using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.Tests.Romfs;

/// <summary>Building images with .mpy on through upstream-like mpy-cross (the stand-in), and the checks that protect users.</summary>
public class RomfsMpyBuildTests
{
    public static TheoryData<string> Trees => VectorTrees.All();

    private static readonly MpyVersionInfo UnixX64 = MpyVersionInfo.FromSysImplementation(2822);
    private static readonly MpyVersionInfo WebAssembly = MpyVersionInfo.FromSysImplementation(774);

    private static Task<MpyCrossCompiler> StandIn() => MpyCrossCompiler.CreateAsync(MpyCrossStandIn.ExecutablePath);

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, file.Substring(from.Length).TrimStart(Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [Theory]
    [MemberData(nameof(Trees))]
    public async Task Build_WithMpyCross_MatchesUpstreamImage_ForEveryVectorTree(string tree)
    {
        using var temp = new TempFolder();
        var expected = File.ReadAllBytes(TestPaths.VectorImage(tree + ".mpy.romfs"));

        var actual = await RomfsBuilder.BuildAsync(VectorTrees.PathOf(tree, temp), new RomfsBuildOptions { Compiler = await StandIn() });

        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Build_FromACopyInAnotherFolder_WritesTheSameImageFile()
    {
        using var temp = new TempFolder();
        var copy = temp.Combine("somewhere", "else", "basic");
        CopyTree(TestPaths.VectorTree("basic"), copy);
        var output = temp.Combine("out", "basic.romfs");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);

        var info = await RomfsFile.CreateFromDirectoryAsync(copy, output, new RomfsBuildOptions { Compiler = await StandIn() });

        Assert.NotNull(info);
        Assert.Equal(File.ReadAllBytes(TestPaths.VectorImage("basic.mpy.romfs")), File.ReadAllBytes(output));
        Assert.Equal(Directory.GetFiles(TestPaths.VectorTree("basic"), "*", SearchOption.AllDirectories).Length, Directory.GetFiles(copy, "*", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public async Task Build_WithASyntaxError_NamesTheFileAndLine_AndWritesNoImage()
    {
        using var temp = new TempFolder();
        var tree = temp.Combine("src", "basic");
        CopyTree(TestPaths.VectorTree("basic"), tree);
        var broken = Path.Combine(tree, "lib", "broken.py");
        File.Copy(Path.Combine(TestPaths.Vectors, "compiler", "errors", "unclosed_bracket.py"), broken);
        var outFolder = temp.Combine("out");
        Directory.CreateDirectory(outFolder);
        var output = Path.Combine(outFolder, "basic.romfs");

        var error = await Assert.ThrowsAsync<MpyCompilationException>(async () => await RomfsFile.CreateFromDirectoryAsync(tree, output, new RomfsBuildOptions { Compiler = await StandIn() }));

        var only = Assert.Single(error.Errors);
        Assert.Equal(broken, only.SourceFile);
        Assert.Equal(7, only.Line);
        Assert.Equal("SyntaxError: invalid syntax", only.Message);
        Assert.Equal($"{broken}:7: SyntaxError: invalid syntax", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(outFolder));
    }

    [Fact]
    public async Task Build_OfPyBesideMpy_KeepsTheUpstreamRule_AndWarnsThatThePyShadowsTheMpy()
    {
        var reporter = new RecordingReporter();

        var image = await RomfsBuilder.BuildAsync(TestPaths.VectorTree("premade"), new RomfsBuildOptions { Compiler = await StandIn(), Reporter = reporter });

        Assert.Equal(File.ReadAllBytes(TestPaths.VectorImage("premade.mpy.romfs")), image);
        var warning = Assert.Single(reporter.Warnings);
        Assert.Contains("'foo.py' and 'foo.mpy' are both in the image", warning);
        Assert.Contains("imports 'foo.py' first", warning);
    }

    [Fact]
    public async Task Build_WithoutMpy_StillWarnsAboutTheShadowedMpy()
    {
        var reporter = new RecordingReporter();

        await RomfsBuilder.BuildAsync(TestPaths.VectorTree("premade"), new RomfsBuildOptions { CompileMpy = false, Reporter = reporter });

        Assert.Contains(reporter.Warnings, w => w.Contains("'foo.py' and 'foo.mpy'"));
    }

    [Fact]
    public async Task Build_ForAMatchingBoard_DoesNotWarn()
    {
        var reporter = new RecordingReporter();

        await RomfsBuilder.BuildAsync(TestPaths.VectorTree("basic"), new RomfsBuildOptions { Compiler = await StandIn(), Target = UnixX64, Reporter = reporter });

        Assert.Empty(reporter.Warnings);
    }

    [Fact]
    public async Task Build_ForABoardOfAnotherMpyVersion_WarnsForEveryMpy_ButStillBuilds()
    {
        var reporter = new RecordingReporter();

        var image = await RomfsBuilder.BuildAsync(TestPaths.VectorTree("premade"), new RomfsBuildOptions { Compiler = await StandIn(), Target = new MpyVersionInfo(5, 0), Reporter = reporter });

        Assert.Equal(File.ReadAllBytes(TestPaths.VectorImage("premade.mpy.romfs")), image);
        var versionWarnings = reporter.Warnings.Where(w => w.Contains(MpyCompatibility.IncompatibleFile)).OrderBy(w => w, StringComparer.Ordinal).ToList();
        Assert.Equal(2, versionWarnings.Count);
        Assert.StartsWith("'bar.mpy' is mpy 6, bytecode only but the board (mpy 5.0, bytecode only) loads mpy 5 only", versionWarnings[0]);
        Assert.StartsWith("'foo.mpy'", versionWarnings[1]);
    }

    [Fact]
    public async Task Build_WithManyFilesTheBoardRefuses_WarnsTenTimesThenSumsUp()
    {
        var mpy = File.ReadAllBytes(Path.Combine(TestPaths.Vectors, "mpy", "basic", "config.mpy"));
        var items = Enumerable.Range(0, 25).Select(i => RomfsSourceItem.ForBytes($"m{i:00}.mpy", mpy)).ToList();
        var reporter = new RecordingReporter();

        await RomfsBuilder.BuildAsync(items, new RomfsBuildOptions { Target = new MpyVersionInfo(5, 0), Reporter = reporter });

        var warnings = reporter.Warnings.ToList();
        Assert.Equal(11, warnings.Count);
        Assert.All(warnings.Take(10), w => Assert.Contains(MpyCompatibility.IncompatibleFile, w));
        Assert.Equal("15 more .mpy files would be refused by the board (mpy 5.0, bytecode only); 25 in all.", warnings[10]);
    }

    [Fact]
    public async Task Build_OfNativeCodeForABytecodeOnlyBoard_Warns_OrFailsBeforeWritingWhenAsked()
    {
        using var temp = new TempFolder();
        var tree = temp.Combine("app");
        Directory.CreateDirectory(Path.Combine(tree, "lib"));
        File.Copy(Path.Combine(TestPaths.Vectors, "compiler", "native", "viper_ptr.x64.mpy"), Path.Combine(tree, "lib", "viper_ptr.mpy"));
        File.WriteAllText(Path.Combine(tree, "readme.txt"), "hello");
        var reporter = new RecordingReporter();

        await RomfsBuilder.BuildAsync(tree, new RomfsBuildOptions { Target = WebAssembly, Reporter = reporter });

        var warning = Assert.Single(reporter.Warnings);
        Assert.Contains("'lib/viper_ptr.mpy' holds x64 native code", warning);
        Assert.Contains("ValueError: native code in .mpy unsupported", warning);

        var output = temp.Combine("app.romfs");
        var error = await Assert.ThrowsAsync<MpyCompatibilityException>(() => RomfsFile.CreateFromDirectoryAsync(tree, output, new RomfsBuildOptions { Target = WebAssembly, RejectIncompatibleMpy = true }));
        Assert.Contains("lib/viper_ptr.mpy", Assert.Single(error.Problems));
        Assert.Equal(WebAssembly, error.Target);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task CreateFromPaths_WithARootPath_KeepsTheTargetCheck()
    {
        using var temp = new TempFolder();
        var root = temp.Combine("app");
        var driver = Path.Combine(root, "drv.mpy");
        Directory.CreateDirectory(root);
        File.Copy(Path.Combine(TestPaths.Vectors, "compiler", "native", "native_basic.x64.mpy"), driver);
        var output = temp.Combine("app.romfs");

        var error = await Assert.ThrowsAsync<MpyCompatibilityException>(() => RomfsFile.CreateFromPathsAsync(new[] { driver }, root, output, new RomfsBuildOptions { Target = new MpyVersionInfo(6, 3, MpyArchitecture.Xtensawin), RejectIncompatibleMpy = true }));

        Assert.Contains(MpyCompatibility.IncompatibleArchitecture, error.Message);
        Assert.Contains("-march=xtensawin", error.Message);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task Build_OfNativeCodeForTheMatchingBoard_DoesNotWarn()
    {
        var items = new[] { RomfsSourceItem.ForFile("drv.mpy", Path.Combine(TestPaths.Vectors, "compiler", "native", "native_basic.x64.mpy")) };
        var reporter = new RecordingReporter();

        await RomfsBuilder.BuildAsync(items, new RomfsBuildOptions { Target = UnixX64, Reporter = reporter });

        Assert.Empty(reporter.Warnings);
    }

    [Fact]
    public async Task Build_OfAFileNamedMpyThatIsNotOne_Warns()
    {
        var items = new[] { RomfsSourceItem.ForBytes("fake.mpy", System.Text.Encoding.ASCII.GetBytes("print(1)\n")) };
        var reporter = new RecordingReporter();

        await RomfsBuilder.BuildAsync(items, new RomfsBuildOptions { Reporter = reporter });

        var warning = Assert.Single(reporter.Warnings);
        Assert.StartsWith("'fake.mpy' is named .mpy but is not a .mpy file (the first byte is 0x70", warning);
    }

    [Fact]
    public async Task Build_MixingMpyVersions_WithoutABoard_Warns()
    {
        var items = new[]
        {
            RomfsSourceItem.ForBytes("old.mpy", new byte[] { 0x4D, 0x05, 0x00, 0x1F, 0x00 }),
            RomfsSourceItem.ForFile("new.mpy", Path.Combine(TestPaths.Vectors, "mpy", "basic", "config.mpy")),
        };
        var reporter = new RecordingReporter();

        await RomfsBuilder.BuildAsync(items, new RomfsBuildOptions { Reporter = reporter });

        var warning = Assert.Single(reporter.Warnings);
        Assert.Contains("mpy 5 in 'old.mpy'", warning);
        Assert.Contains("mpy 6 in 'new.mpy'", warning);
    }
}
