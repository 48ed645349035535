using MicroPythonRomfs.Mpy;
using MicroPythonRomfs.Mpy.Compiler;

namespace MicroPythonRomfs.Tests.Mpy.Compiler;

public class ManagedCompilerRefusalTests
{
    public static TheoryData<string> Refusals() => new(CompilerCorpus.Refusals());

    [Theory]
    [MemberData(nameof(Refusals))]
    public void CompileLikeMpyCross_WritesUpstreamsMessage_ForEveryRefusedFile(string program)
    {
        var expected = File.ReadAllText(CompilerCorpus.PathOf(program, ".err"));
        var inputPath = program.Substring(program.IndexOf('/') + 1) + ".py";
        var result = new ManagedMpyCompiler().CompileLikeMpyCross(
            File.ReadAllBytes(CompilerCorpus.PathOf(program, ".py")), inputPath, CompilerCorpus.SourceName(program), out var errorText);
        Assert.Null(result);
        Assert.Equal(expected, errorText);
    }

    [Theory]
    [InlineData("native/native_basic", "native", 3)]
    [InlineData("native/viper_ptr", "viper", 3)]
    public void Compile_NamesTheNativeEmitterAndLine_WhenCodeNeedsOne(string program, string emitter, int line)
    {
        var e = Assert.Throws<MpyNativeCodeException>(() =>
            new ManagedMpyCompiler().Compile(File.ReadAllBytes(CompilerCorpus.PathOf(program, ".py")), CompilerCorpus.SourceName(program)));
        Assert.Equal(emitter, e.Emitter);
        Assert.Equal(line, e.Line);
    }

    [Fact]
    public void Compile_ReportsFileLineAndMessage_ForASyntaxError()
    {
        var e = Assert.Throws<MpyCompilationException>(() =>
            new ManagedMpyCompiler().Compile("x = 1\nbreak\n"u8.ToArray(), "bad.py"));
        var error = Assert.Single(e.Errors);
        Assert.Equal("bad.py", error.SourceFile);
        Assert.Equal(2, error.Line);
        Assert.Equal("SyntaxError: 'break'/'continue' outside loop", error.Message);
    }

    [Fact]
    public async Task CompileAsync_ReturnsOneMpyPerRequest_InRequestOrder()
    {
        var dir = Path.Combine(Path.GetTempPath(), "mpromfs-compiler-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var a = Path.Combine(dir, "a.py");
            var b = Path.Combine(dir, "b.py");
            File.WriteAllText(a, "print(1)\n");
            File.WriteAllText(b, "print(2)\n");
            var results = await new ManagedMpyCompiler().CompileAsync(
                new[] { new MpyCompileRequest(a, "t/a.py"), new MpyCompileRequest(b, "t/b.py") }, CancellationToken.None);
            Assert.Equal(2, results.Count);
            Assert.Contains("t/a.py", System.Text.Encoding.UTF8.GetString(results[0]!));
            Assert.Contains("t/b.py", System.Text.Encoding.UTF8.GetString(results[1]!));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Compile_RefusesStrNextToBytes_AsInvalidSyntax()
    {
        var e = Assert.Throws<MpyCompilationException>(() =>
            new ManagedMpyCompiler().Compile("x = 1\ns = 'a' b'b'\n"u8.ToArray(), "mix.py"));
        Assert.Equal("SyntaxError: invalid syntax", e.Errors[0].Message);
        Assert.Equal(2, e.Errors[0].Line);
    }
}
