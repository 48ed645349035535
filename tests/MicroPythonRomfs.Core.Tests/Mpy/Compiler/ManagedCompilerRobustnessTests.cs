using System.Text;
using FsCheck;
using FsCheck.Fluent;
using MicroPythonRomfs.Mpy;
using MicroPythonRomfs.Mpy.Compiler;

namespace MicroPythonRomfs.Tests.Mpy.Compiler;

public class ManagedCompilerRobustnessTests
{
    private static readonly string[] Sources = CompilerCorpus.Programs()
        .Select(p => File.ReadAllText(CompilerCorpus.PathOf(p, ".py")))
        .ToArray();

    private static readonly string[] Fragments =
    {
        "(", ")", "[", "]", "{", "}", ":", ",", "=", "*", "**", "lambda", "yield", "await", "async", "def", "class",
        "return", "\n", "\n    ", "\t", "'", "\"", "\"\"\"", "f'{", "}", "\\", "0x", "1e", "1j", ".", "...", "@", "->",
        ":=", "not", "in", "is", "if", "else", "for", "while", "try:", "except", "finally:", "with", "global x", "nonlocal y",
        "del", "import", "from . import", "*a", "b'\\x", "#", ";", "const(", "super()", "x", "0", "-", "~", "'\\ud801'",
        "'\\U0010ffff'", "'\\777'", "0b2", "1__0", "0x", "1.e5j",
    };

    // A corpus program cut, spliced or salted with a fragment at a random place.
    private static Gen<string> Mutations() =>
        from source in Gen.Elements(Sources)
        from kind in Gen.Choose(0, 3)
        from at in Gen.Choose(0, 4000)
        from length in Gen.Choose(0, 40)
        from fragment in Gen.Elements(Fragments)
        select Mutate(source, kind, at % (source.Length + 1), length, fragment);

    private static string Mutate(string source, int kind, int at, int length, string fragment)
    {
        var take = Math.Min(length, source.Length - at);
        return kind switch
        {
            0 => source.Substring(0, at),
            1 => source.Remove(at, take),
            2 => source.Insert(at, fragment),
            _ => source.Remove(at, take).Insert(at, fragment),
        };
    }

    [Fact]
    public void Compile_EitherSucceedsOrRefusesWithALine_ForMutatedPrograms()
    {
        var compiler = new ManagedMpyCompiler();
        Prop.ForAll(Arb.From(Mutations()), source =>
        {
            try
            {
                var mpy = compiler.Compile(Encoding.UTF8.GetBytes(source), "fuzz.py");
                return mpy.Length > 4 && mpy[0] == (byte)'M';
            }
            catch (MpyCompilationException e)
            {
                var error = Assert.Single(e.Errors);
                return error.SourceFile == "fuzz.py" && error.Message.Length > 0;
            }
            catch (MpyNativeCodeException e)
            {
                return e.Line > 0;
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1500));
    }

    [Fact]
    public void Compile_RefusesInvalidUtf8AndControlBytes_WithoutCrashing()
    {
        var compiler = new ManagedMpyCompiler();
        var inputs = new[]
        {
            new byte[] { 0xff, 0xfe, 0x00 },
            Encoding.UTF8.GetBytes("x = '\0'\n"),
            Encoding.UTF8.GetBytes("\x01\x02\n"),
            Encoding.UTF8.GetBytes("if 1:\n  x\n y\n"),
            Encoding.UTF8.GetBytes("s = '\\ud800 \\U00110000'\n"),
            Encoding.UTF8.GetBytes("s = '\\x4'\n"),
        };
        foreach (var input in inputs)
        {
            try
            {
                compiler.Compile(input, "bad.py");
            }
            catch (MpyCompilationException e)
            {
                Assert.NotEmpty(e.Errors[0].Message);
            }
        }
    }

    [Theory]
    [InlineData("(", ")")]
    [InlineData("[", "]")]
    [InlineData("-", "")]
    [InlineData("not ", "")]
    [InlineData("lambda: ", "")]
    [InlineData("2 ** ", "")]
    public void Compile_RefusesHostileNesting_WithAnErrorInsteadOfExhaustingTheStack(string open, string close)
    {
        var depth = 100000;
        var source = "x = " + string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth)) + "\n";
        var e = Assert.Throws<MpyCompilationException>(() => new ManagedMpyCompiler().Compile(Encoding.UTF8.GetBytes(source), "deep.py"));
        Assert.Equal("RuntimeError: maximum recursion depth exceeded", e.Errors[0].Message);
    }

    [Fact]
    public async Task CompileAsync_CompilesDeepButReasonableNesting_OnPoolThreads()
    {
        var dir = Path.Combine(Path.GetTempPath(), "mpromfs-deep-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var file = Path.Combine(dir, "deep.py");
            File.WriteAllText(file, "x = " + new string('(', 150) + "1" + new string(')', 150) + "\nprint([[[[[[[[[[x]]]]]]]]]])\n");
            var results = await new ManagedMpyCompiler().CompileAsync(new[] { new MpyCompileRequest(file, "deep.py") }, CancellationToken.None);
            Assert.Equal((byte)'M', Assert.Single(results)![0]);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
