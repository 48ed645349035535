namespace MicroPythonRomfs.Module.Tests.Cli;

public sealed class MpromfsCompileTests : IDisposable
{
    private readonly string _temp = ModulePaths.NewTempFolder();

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static string UpstreamMpyCross => Path.GetFullPath(Path.Combine(ModulePaths.Vectors, "..", "rig", "bin", "mpy-cross"));

    private static string Corpus(string path) => Path.Combine(ModulePaths.Vectors, "compiler", path);

    private string CopyCorpus(params string[] groups)
    {
        var root = Path.Combine(_temp, "src");
        foreach (var group in groups)
        {
            Directory.CreateDirectory(Path.Combine(root, group));
            foreach (var file in Directory.GetFiles(Corpus(group), "*.py"))
            {
                File.Copy(file, Path.Combine(root, group, Path.GetFileName(file)));
            }
        }

        return root;
    }

    [Fact]
    public void Compile_WritesUpstreamsMpy_WithSourceNameAndOutput()
    {
        var output = Path.Combine(_temp, "out.mpy");

        var run = MpromfsRun.Of("compile", Corpus("classes/inheritance.py"), "-o", output, "-s", "compiler/classes/inheritance.py", "-O0", "-march=x64");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.Equal(File.ReadAllBytes(Corpus("classes/inheritance.mpy")), File.ReadAllBytes(output));
    }

    [Fact]
    public void Compile_WithoutOutput_WritesTheMpyBesideTheSource()
    {
        var source = Path.Combine(_temp, "m.py");
        File.WriteAllText(source, "print('hi')\n");

        var run = MpromfsRun.Of("compile", source);

        Assert.Equal(0, run.ExitCode);
        var mpy = File.ReadAllBytes(Path.Combine(_temp, "m.mpy"));
        Assert.Equal((byte)'M', mpy[0]);
    }

    [Fact]
    public void Compile_RefusesLikeMpyCross_WithExitOneAndNoOutputFile()
    {
        var output = Path.Combine(_temp, "bad.mpy");

        var run = MpromfsRun.Of("compile", Corpus("errors/return_outside_function.py"), "-o", output, "-s", "compiler/errors/return_outside_function.py");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(File.ReadAllText(Corpus("errors/return_outside_function.err")), run.Error);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Compile_RefusesAnUnknownArchitecture_AsAUsageError()
    {
        var run = MpromfsRun.Of("compile", Corpus("classes/inheritance.py"), "-march=z80");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("mpromfs: ", run.Error);
    }

    [Fact]
    public void Compile_SaysNativeCodeNeedsMpyCross_WhenAnArchitectureIsGivenAndNoMpyCrossIsFound()
    {
        var output = Path.Combine(_temp, "native.mpy");

        // A child process whose PATH and MPY_CROSS lead to no mpy-cross, whatever this machine has.
        var run = MpromfsProcess.Run(new Dictionary<string, string?> { ["PATH"] = _temp, ["MPY_CROSS"] = null }, "compile", Corpus("native/native_basic.py"), "-o", output, "-march=x64");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{Corpus("native/native_basic.py")}:3: @micropython.native needs a native code emitter, which only mpy-cross has", run.Error);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Compile_HandsNativeCodeToMpyCross_WhenAnArchitectureIsGiven_AsBuildDoes()
    {
        var output = Path.Combine(_temp, "native.mpy");

        var run = MpromfsRun.Of("compile", Corpus("native/native_basic.py"), "-o", output, "-s", "compiler/native/native_basic.py", "-march=x64", "--mpy-cross", UpstreamMpyCross);

        Assert.Equal("", run.Error);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(File.ReadAllBytes(Corpus("native/native_basic.x64.mpy")), File.ReadAllBytes(output));
    }

    [Fact]
    public void Compile_ManyFilesAndFolders_WritesEveryMpyUnderTheOutputFolder_MirroringEachFolder()
    {
        var source = CopyCorpus("classes", "functions");
        var loose = Path.Combine(_temp, "loose.py");
        File.WriteAllText(loose, "x = 1\n");
        var outFolder = Path.Combine(_temp, "out");

        var run = MpromfsRun.Of("compile", Path.Combine(source, "classes"), Path.Combine(source, "functions"), loose, "-o", outFolder, "-O1");

        Assert.Equal("", run.Error);
        Assert.Equal(0, run.ExitCode);
        var sources = Directory.GetFiles(Path.Combine(source, "classes"), "*.py", SearchOption.AllDirectories);
        Assert.NotEmpty(sources);
        foreach (var file in sources)
        {
            // Each .mpy is what a one-file compile of that path gives: same bytes, same embedded source name.
            var alone = Path.Combine(_temp, "alone.mpy");
            Assert.Equal(0, MpromfsRun.Of("compile", file, "-o", alone, "-O1").ExitCode);
            var mirrored = Path.Combine(outFolder, Path.ChangeExtension(Path.GetRelativePath(Path.Combine(source, "classes"), file), ".mpy"));
            Assert.Equal(File.ReadAllBytes(alone), File.ReadAllBytes(mirrored));
        }

        Assert.True(File.Exists(Path.Combine(outFolder, "loose.mpy")));
        Assert.Equal(sources.Length + Directory.GetFiles(Path.Combine(source, "functions"), "*.py").Length + 1, Directory.GetFiles(outFolder, "*.mpy", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public void Compile_ManyFiles_WritesEachMpyBesideItsSource_WithTheCorpusBytes()
    {
        var source = CopyCorpus("generators");
        var files = Directory.GetFiles(Path.Combine(source, "generators"), "*.py");

        var run = MpromfsRun.Of(new[] { "compile" }.Concat(files).ToArray());

        Assert.Equal(0, run.ExitCode);
        foreach (var file in files)
        {
            Assert.Equal((byte)'M', File.ReadAllBytes(Path.ChangeExtension(file, ".mpy"))[0]);
        }
    }

    [Fact]
    public void Compile_ReportsEveryRefusedFileWithItsLine_ExitsOne_AndStillWritesTheOthers()
    {
        var source = CopyCorpus("errors", "literals");
        var outFolder = Path.Combine(_temp, "out");

        var run = MpromfsRun.Of("compile", source, "-o", outFolder);

        Assert.Equal(1, run.ExitCode);
        var errorFiles = Directory.GetFiles(Path.Combine(source, "errors"), "*.py");
        var refusals = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(errorFiles.Length, refusals.Length);
        Assert.Contains($"mpromfs: {source}/errors/return_outside_function.py:9: SyntaxError: 'return' outside function", refusals);
        Assert.Empty(Directory.Exists(Path.Combine(outFolder, "errors")) ? Directory.GetFiles(Path.Combine(outFolder, "errors")) : Array.Empty<string>());
        Assert.Equal(Directory.GetFiles(Path.Combine(source, "literals"), "*.py").Length, Directory.GetFiles(Path.Combine(outFolder, "literals"), "*.mpy").Length);
    }

    [Fact]
    public void Compile_RefusesASourceNameForManyFiles_AndNamesAMissingInput()
    {
        var many = MpromfsRun.Of("compile", Corpus("classes/inheritance.py"), Corpus("classes/inheritance.py"), "-s", "x.py");
        Assert.Equal(2, many.ExitCode);
        Assert.Contains("-s names the source of one file", many.Error);

        var missing = Path.Combine(_temp, "nope");
        var run = MpromfsRun.Of("compile", missing, Path.Combine(_temp, "also-nope.py"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"mpromfs: {missing}: no such file or folder.", run.Error);
    }

    [Fact]
    public void Compile_RefusesNativeCodeLikeMpyCross_WithoutAnArchitecture()
    {
        var run = MpromfsRun.Of("compile", Corpus("native/native_basic.py"), "-o", Path.Combine(_temp, "n.mpy"), "-s", "compiler/native/native_basic.py");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(File.ReadAllText(Corpus("native/native_basic.err")), run.Error);
    }
}
