using System.Text;
using MicroPythonRomfs.Mpy.Compiler;

namespace MicroPythonRomfs.Tests.Mpy.Compiler;

public class ManagedCompilerOptionsTests
{
    private static byte[] Compile(string source, int level) =>
        new ManagedMpyCompiler(new MpyCompilerOptions { OptimizationLevel = level }).Compile(Encoding.UTF8.GetBytes(source), "o.py");

    [Fact]
    public void Compile_LeavesAssertsOut_FromOptimisationLevelOne()
    {
        const string source = "x = 1\nassert x, 'boom'\n";
        Assert.Contains("boom", Encoding.UTF8.GetString(Compile(source, 0)));
        // The statement still moves the line table to line 2, as upstream does.
        Assert.Equal(Compile("x = 1\npass\n", 1), Compile(source, 1));
    }

    [Fact]
    public void Compile_StoresNoLineNumbers_AtOptimisationLevelThree()
    {
        const string source = "x = 1\n\n\ny = 2\n";
        var withLines = Compile(source, 0);
        var withoutLines = Compile(source, 3);
        Assert.True(withoutLines.Length < withLines.Length);
        Assert.Equal(Compile("x = 1\ny = 2\n", 3), withoutLines);
    }

    [Fact]
    public void Compile_StoresLargeIntsAsObjects_WhenTheTargetHasSmallerSmallInts()
    {
        var bits31 = new ManagedMpyCompiler().Compile(Encoding.UTF8.GetBytes("x = 100000\n"), "o.py");
        var bits16 = new ManagedMpyCompiler(new MpyCompilerOptions { SmallIntBits = 16 }).Compile(Encoding.UTF8.GetBytes("x = 100000\n"), "o.py");
        Assert.Equal(31, bits31[3]);
        Assert.Equal(16, bits16[3]);
        Assert.Contains("100000", Encoding.ASCII.GetString(bits16));
        Assert.DoesNotContain("100000", Encoding.ASCII.GetString(bits31));
    }

    [Fact]
    public void Compile_MakesDebugTrueOnlyWithoutOptimisation_AsUpstreamsLexer()
    {
        Assert.Equal(Compile("x = True\n", 0), Compile("x = __debug__\n", 0));
        Assert.Equal(Compile("x = False\n", 1), Compile("x = __debug__\n", 1));
    }
}
