using MicroPythonRomfs.Mpy;

namespace MicroPythonRomfs.Tests.Mpy;

public class MpyCrossErrorParsingTests
{
    private static string ErrorVector(string group, string name)
        => File.ReadAllText(Path.Combine(TestPaths.Vectors, "compiler", group, name + ".err"));

    [Theory]
    [InlineData("assign_to_call", 9, "SyntaxError: can't assign to expression")]
    [InlineData("indent_unexpected", 7, "IndentationError: unexpected indent")]
    [InlineData("duplicate_argument", 5, "SyntaxError: argument name reused")]
    [InlineData("const_not_constant", 7, "SyntaxError: not a constant")]
    [InlineData("unclosed_bracket", 7, "SyntaxError: invalid syntax")]
    public void ParseError_ReadsTheLineAndMessage_OfUpstreamTracebacks(string name, int line, string message)
    {
        var userFile = Path.Combine(Path.GetTempPath(), "project", name + ".py");
        var error = MpyCrossCompiler.ParseError(userFile, ErrorVector("errors", name), 1);
        Assert.Equal(userFile, error.SourceFile);
        Assert.Equal(line, error.Line);
        Assert.Equal(message, error.Message);
        Assert.Equal($"{userFile}:{line}: {message}", error.ToString());
    }

    [Fact]
    public void ParseError_OfAMessageWithoutTraceback_HasNoLine()
    {
        var error = MpyCrossCompiler.ParseError("u.py", ErrorVector("errors", "unicode_name_escape"), 1);
        Assert.Null(error.Line);
        Assert.Equal("NotImplementedError: unicode name escapes", error.Message);
    }

    [Fact]
    public void ParseError_OfEveryErrorVector_NamesTheUsersFileAndAnErrorType()
    {
        var files = Directory.EnumerateFiles(Path.Combine(TestPaths.Vectors, "compiler"), "*.err", SearchOption.AllDirectories).ToList();
        Assert.Equal(18, files.Count);
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            var error = MpyCrossCompiler.ParseError("mine.py", text, 1);
            Assert.Equal("mine.py", error.SourceFile);
            Assert.Matches("^[A-Za-z]+Error: ", error.Message);
            Assert.Equal(text.Contains("line "), error.Line.HasValue);
        }
    }

    [Fact]
    public void ParseError_OfTheNativeVectors_ExplainsThatAnArchIsNeeded()
    {
        var error = MpyCrossCompiler.ParseError("n.py", ErrorVector("native", "native_basic"), 1);
        Assert.Equal("SyntaxError: invalid arch", error.Message);
        Assert.NotNull(error.Line);
    }

    [Fact]
    public void ParseError_OfWindowsLineEnds_ReadsTheSame()
    {
        var error = MpyCrossCompiler.ParseError("w.py", "Traceback (most recent call last):\r\n  File \"w.py\", line 12\r\nSyntaxError: invalid syntax\r\n", 1);
        Assert.Equal(12, error.Line);
        Assert.Equal("SyntaxError: invalid syntax", error.Message);
    }

    [Fact]
    public void ParseError_OfNothing_NamesTheExitCode()
    {
        var error = MpyCrossCompiler.ParseError("e.py", string.Empty, 139);
        Assert.Null(error.Line);
        Assert.Contains("139", error.Message);
    }

    [Fact]
    public void MpyCompilationException_OfSeveralErrors_NamesTheCountAndTheFirst()
    {
        var errors = new[] { new MpyCompileError("a.py", 3, "SyntaxError: invalid syntax"), new MpyCompileError("b.py", null, "x") };
        var exception = new MpyCompilationException(errors);
        Assert.Equal("2 files could not be compiled; the first: a.py:3: SyntaxError: invalid syntax", exception.Message);
    }
}
