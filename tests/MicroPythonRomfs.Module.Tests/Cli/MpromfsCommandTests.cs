namespace MicroPythonRomfs.Module.Tests.Cli;

public sealed class MpromfsCommandTests : IDisposable
{
    private readonly string _temp = ModulePaths.NewTempFolder();

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public void Build_WithNoMpy_WritesTheUpstreamImageAndExitsZero()
    {
        var output = Path.Combine(_temp, "basic.romfs");

        var run = MpromfsRun.Of("build", Path.Combine(ModulePaths.Vectors, "trees", "basic"), "-o", output, "--no-mpy");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.Equal(File.ReadAllBytes(Path.Combine(ModulePaths.Vectors, "images", "basic.nompy.romfs")), File.ReadAllBytes(output));
        Assert.Contains("2310 bytes", run.Output);
    }

    [Fact]
    public void Build_WithoutOutput_WritesDirNameDotRomfsBesideTheFolder()
    {
        var app = Directory.CreateDirectory(Path.Combine(_temp, "app")).FullName;
        File.WriteAllText(Path.Combine(app, "main.py"), "print('hi')\n");

        var run = MpromfsRun.Of("build", app);

        Assert.Equal((0, ""), (run.ExitCode, run.Error));
        var image = Romfs.RomfsImage.Parse(File.ReadAllBytes(Path.Combine(_temp, "app.romfs")));
        Assert.Equal(new[] { "main.mpy" }, image.Entries.Select(e => e.Path));
    }

    [Fact]
    public void Build_WithAlign_AlignsFileData()
    {
        var output = Path.Combine(_temp, "aligned.romfs");

        var run = MpromfsRun.Of("build", Path.Combine(ModulePaths.Vectors, "trees", "basic"), "-o", output, "--no-mpy", "--align", "16");

        Assert.Equal(0, run.ExitCode);
        var image = Romfs.RomfsImage.Parse(File.ReadAllBytes(output));
        Assert.All(image.Entries.Where(e => !e.IsDirectory), e => Assert.Equal(0, e.Offset % 16));
    }

    [Fact]
    public void Build_OverAnExistingFile_FailsWithOneLineUnlessForced()
    {
        var output = Path.Combine(_temp, "x.romfs");
        File.WriteAllText(output, "keep");
        var tree = Path.Combine(ModulePaths.Vectors, "trees", "deep");

        var refused = MpromfsRun.Of("build", tree, "-o", output);
        var forced = MpromfsRun.Of("build", tree, "-o", output, "--force");

        Assert.Equal(1, refused.ExitCode);
        Assert.Matches("^mpromfs: [^\n]*already exists[^\n]*\n$", refused.Error);
        Assert.Equal(0, forced.ExitCode);
        Assert.Equal(270, new FileInfo(output).Length);
    }

    [Fact]
    public void Ls_PrintsKindSizeAndSlashPathPerEntry()
    {
        var run = MpromfsRun.Of("ls", Path.Combine(ModulePaths.Vectors, "images", "basic.mpy.romfs"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("d 0 data/assets", run.OutputLines);
        Assert.Contains("f 1000 data/assets/logo.bin", run.OutputLines);
        Assert.Contains("d 0 lib", run.OutputLines);
        Assert.All(run.OutputLines, line => Assert.Matches("^[df] [0-9]+ [^ /][^\\\\]*$", line));
        Assert.Equal(9, run.OutputLines.Length);
    }

    [Fact]
    public void Ls_OfACorruptImage_FailsNamingTheFileAndOffset()
    {
        var bad = Path.Combine(_temp, "bad.romfs");
        var bytes = File.ReadAllBytes(Path.Combine(ModulePaths.Vectors, "images", "basic.nompy.romfs"));
        File.WriteAllBytes(bad, bytes.Take(100).ToArray());

        var run = MpromfsRun.Of("ls", bad);

        Assert.Equal(1, run.ExitCode);
        Assert.Matches("^mpromfs: Invalid ROMFS image '.*bad\\.romfs' at byte offset [0-9]+: [^\n]*\n$", run.Error);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public void Extract_WritesTheTreeAndRefusesToOverwriteWithoutForce()
    {
        var image = Path.Combine(ModulePaths.Vectors, "images", "basic.nompy.romfs");
        var destination = Path.Combine(_temp, "out");

        var first = MpromfsRun.Of("extract", image, destination);
        var second = MpromfsRun.Of("extract", image, destination);
        var forced = MpromfsRun.Of("extract", image, destination, "--force");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(File.ReadAllBytes(Path.Combine(ModulePaths.Vectors, "trees", "basic", "lib", "module1.py")), File.ReadAllBytes(Path.Combine(destination, "lib", "module1.py")));
        Assert.Equal(1, second.ExitCode);
        Assert.StartsWith("mpromfs: ", second.Error);
        Assert.Equal(0, forced.ExitCode);
    }

    [Theory]
    [InlineData]
    [InlineData("bogus")]
    [InlineData("build")]
    [InlineData("build", "x", "--align", "many")]
    public void BadUsage_ExitsNonZeroWithOneErrorLine(params string[] args)
    {
        var run = MpromfsRun.Of(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Matches("^mpromfs: [^\n]+\n$", run.Error);
    }

    [Fact]
    public void Build_OfAMissingFolder_ExitsOneNamingIt()
    {
        var missing = Path.Combine(_temp, "missing");

        var run = MpromfsRun.Of("build", missing);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(missing, run.Error);
    }
}
