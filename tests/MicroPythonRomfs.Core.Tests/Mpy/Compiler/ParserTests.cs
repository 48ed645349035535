using System.Numerics;
using MicroPythonRomfs.Mpy.Compiler;

namespace MicroPythonRomfs.Tests.Mpy.Compiler;

public class ParserTests
{
    private static ParseNode? ValueOf(string expression)
    {
        var stmt = (RuleNode)Parser.ParseFile("x = " + expression + "\n", 31)!;
        Assert.Equal(RuleKind.ExprStmt, stmt.Kind);
        return stmt[1];
    }

    [Theory]
    [InlineData("1 + 2 * 3", 7)]
    [InlineData("-7 // 2", -4)]
    [InlineData("-7 % 3", 2)]
    [InlineData("~5", -6)]
    [InlineData("0xff & 0x0f", 15)]
    [InlineData("2 ** 3 ** 2", 512)]
    public void Parse_FoldsIntegerExpressions_IntoSmallInts(string expression, long value)
    {
        var node = Assert.IsType<SmallIntNode>(ValueOf(expression));
        Assert.Equal(value, node.Value);
    }

    [Fact]
    public void Parse_MakesABigIntConstant_BeyondTheSmallIntRange()
    {
        var node = Assert.IsType<ConstNode>(ValueOf("1 << 40"));
        Assert.Equal(BigInteger.One << 40, node.Value);
    }

    [Fact]
    public void Parse_LeavesDivisionByZero_Unfolded()
    {
        Assert.IsType<RuleNode>(ValueOf("1 // 0"));
    }

    [Fact]
    public void Parse_FoldsATupleOfConstants_IntoOneObject()
    {
        var node = Assert.IsType<ConstNode>(ValueOf("(1, 'a', None)"));
        Assert.Equal(3, Assert.IsType<PyTuple>(node.Value).Items.Length);
    }

    [Fact]
    public void Parse_SubstitutesConstNames_AndDropsPrivateOnes()
    {
        var tree = (RuleNode)Parser.ParseFile("_A = const(4)\nB = const(_A * 2)\ny = B + 1\n", 31)!;
        Assert.Equal(RuleKind.PassStmt, ((RuleNode)tree[0]!).Kind);
        Assert.Equal(8, Assert.IsType<SmallIntNode>(((RuleNode)tree[1]!)[1]).Value);
        Assert.Equal(9, Assert.IsType<SmallIntNode>(((RuleNode)tree[2]!)[1]).Value);
    }

    [Fact]
    public void Parse_RefusesConst_OfANonConstant()
    {
        var e = Assert.Throws<MpySyntaxException>(() => Parser.ParseFile("\nA = const(len('x'))\n", 31));
        Assert.Equal("not a constant", e.Message);
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void Parse_ShortCircuitsConstantOr()
    {
        Assert.Equal(5, Assert.IsType<SmallIntNode>(ValueOf("0 or 5")).Value);
    }

    [Fact]
    public void Parse_FoldsLargePowers_AsUpstreamDoes_ButNotUnboundedOnes()
    {
        Assert.Equal(BigInteger.Pow(2, 20000), Assert.IsType<ConstNode>(ValueOf("2 ** 20000")).Value);
        Assert.IsType<RuleNode>(ValueOf("10 ** 10 ** 10"));
    }
}
