namespace MicroPythonRomfs.Module.Tests.Cli;

public sealed class MpromfsCompileTests : IDisposable
{
    private readonly string _temp = ModulePaths.NewTempFolder();

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static string Corpus(string path) => Path.Combine(ModulePaths.Vectors, "compiler", path);

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
    public void Compile_SaysNativeCodeNeedsMpyCross_WhenAnArchitectureIsGiven()
    {
        var output = Path.Combine(_temp, "native.mpy");

        var run = MpromfsRun.Of("compile", Corpus("native/native_basic.py"), "-o", output, "-march=x64");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("@micropython.native", run.Error);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Compile_RefusesNativeCodeLikeMpyCross_WithoutAnArchitecture()
    {
        var run = MpromfsRun.Of("compile", Corpus("native/native_basic.py"), "-o", Path.Combine(_temp, "n.mpy"), "-s", "compiler/native/native_basic.py");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(File.ReadAllText(Corpus("native/native_basic.err")), run.Error);
    }
}
