using System.Numerics;
using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.Tests.Device;

public class PythonLiteralParseTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("42", 42L)]
    [InlineData("-7", -7L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    public void Parse_ReadsIntsThatFitInALong_AsLong(string text, long expected)
    {
        Assert.Equal(expected, Assert.IsType<long>(PythonLiteral.Parse(text)));
    }

    [Fact]
    public void Parse_ReadsIntsBeyond64Bits_AsBigInteger()
    {
        var value = PythonLiteral.Parse("-123456789012345678901234567890");
        Assert.Equal(BigInteger.Parse("-123456789012345678901234567890"), Assert.IsType<BigInteger>(value));
    }

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("-0.25", -0.25)]
    [InlineData("1e+100", 1e100)]
    [InlineData("2.5e-07", 2.5e-7)]
    [InlineData("inf", double.PositiveInfinity)]
    [InlineData("-inf", double.NegativeInfinity)]
    public void Parse_ReadsFloatsInTheFormsMicroPythonPrints(string text, double expected)
    {
        Assert.Equal(expected, Assert.IsType<double>(PythonLiteral.Parse(text)));
    }

    [Theory]
    [InlineData("nan")]
    [InlineData("-nan")]
    public void Parse_ReadsNan(string text)
    {
        Assert.True(double.IsNaN(Assert.IsType<double>(PythonLiteral.Parse(text))));
    }

    [Fact]
    public void Parse_ReadsTrueFalseAndNone()
    {
        Assert.Equal(true, PythonLiteral.Parse("True"));
        Assert.Equal(false, PythonLiteral.Parse(" False\r\n"));
        Assert.Null(PythonLiteral.Parse("None"));
    }

    [Theory]
    [InlineData(@"'plain'", "plain")]
    [InlineData(@"""it's""", "it's")]
    [InlineData(@"'both \' and ""'", "both ' and \"")]
    [InlineData(@"'a\\b'", "a\\b")]
    [InlineData(@"'\n\r\t'", "\n\r\t")]
    [InlineData(@"'\x00\x03\x7f\xe9'", "\u0000\u0003\u007f\u00e9")]
    [InlineData(@"'\u20ac'", "\u20ac")]
    [InlineData(@"'\U0001f600'", "\U0001F600")]
    [InlineData(@"'é raw'", "é raw")]
    public void Parse_ReadsEveryEscapeMicroPythonEmitsInStr(string text, string expected)
    {
        Assert.Equal(expected, PythonLiteral.Parse(text));
    }

    [Fact]
    public void Parse_ReadsBytesAndBytearray()
    {
        Assert.Equal(new byte[] { 0, (byte)'A', 0xff, (byte)'\'', (byte)'\\', 10 }, PythonLiteral.Parse(@"b'\x00A\xff\'\\\n'"));
        Assert.Equal(new byte[] { 1, 2 }, PythonLiteral.Parse(@"bytearray(b'\x01\x02')"));
        Assert.Equal(Array.Empty<byte>(), PythonLiteral.Parse("b''"));
    }

    [Fact]
    public void Parse_ReadsContainers()
    {
        var value = PythonLiteral.Parse("{'a': (1, 2.0), 'b': [None, True], 3: {1, 2}, (1,): set(), 'e': {}, 'f': ()}");
        var dict = Assert.IsType<Dictionary<object, object?>>(value);
        Assert.Equal(new object?[] { 1L, 2.0 }, dict["a"]);
        Assert.Equal(new List<object?> { null, true }, dict["b"]);
        var set = Assert.IsType<HashSet<object>>(dict[3L]);
        Assert.True(set.SetEquals(new object[] { 1L, 2L }));
        Assert.Empty(Assert.IsType<HashSet<object>>(dict[new object?[] { 1L }]));
        Assert.Empty(Assert.IsType<Dictionary<object, object?>>(dict["e"]));
        Assert.Empty(Assert.IsType<object?[]>(dict["f"]));
        Assert.Equal(new[] { "a", "b", (object)3L, new object?[] { 1L }, "e", "f" }, dict.Keys, PythonValueComparer.Instance);
    }

    [Fact]
    public void Parse_ReadsAOneItemTuple_AndTreatsParenthesesAroundOneValueAsThatValue()
    {
        Assert.Equal(new object?[] { 5L }, PythonLiteral.Parse("(5,)"));
        Assert.Equal(5L, PythonLiteral.Parse("(5)"));
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("[1, 2", 5)]
    [InlineData("'abc", 0)]
    [InlineData("<function f at 0x7f>", 0)]
    [InlineData("[1, foo]", 4)]
    [InlineData("{1: 2, 3}", 8)]
    [InlineData("1 2", 2)]
    [InlineData(@"'\x4'", 1)]
    [InlineData("b'é'", 2)]
    [InlineData("{None: 1}", 1)]
    [InlineData("{[1]: 1}", 1)]
    [InlineData("007", 0)]
    public void Parse_RejectsWhatIsNotALiteral_NamingTheOffset(string text, int offset)
    {
        var error = Assert.Throws<PythonLiteralException>(() => PythonLiteral.Parse(text));
        Assert.Equal(offset, error.Offset);
        Assert.Contains($"offset {offset}", error.Message);
    }

    [Fact]
    public void Parse_RejectsNestingBeyondTheLimit_WithoutOverflowingTheStack()
    {
        var deep = new string('[', 100000) + new string(']', 100000);
        var error = Assert.Throws<PythonLiteralException>(() => PythonLiteral.Parse(deep));
        Assert.Equal(PythonLiteral.DefaultMaxDepth, error.Offset);
        Assert.Contains("nested deeper", error.Message);
        Assert.NotNull(PythonLiteral.Parse("[[[1]]]", 3));
        Assert.Throws<PythonLiteralException>(() => PythonLiteral.Parse("[[[1]]]", 2));
    }
}
