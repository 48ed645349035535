using System.Text;
using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.Tests.Device;

public class PythonCodeTests
{
    public static TheoryData<string> HostileStrings => new()
    {
        "it's",
        "say \"hi\"",
        "both ' and \"",
        "back\\slash\\",
        "ends with backslash \\",
        "line\nbreak\r\n",
        "nul\0byte",
        "ctrl-c \u0003 ctrl-d \u0004 ctrl-a \u0001 ctrl-b \u0002 ctrl-e \u0005",
        "'); import os; os.remove('/main.py'); ('",
        "\"\"\"triple\"\"\"",
        "{0} {{braces}}",
        "\u007f del",
    };

    [Theory]
    [MemberData(nameof(HostileStrings))]
    public void Literal_EncodesAsciiText_SoThatReadingItBackGivesTheSameText(string text)
    {
        var literal = PythonCode.Literal(text);
        AssertPrintableAscii(literal);
        Assert.StartsWith("'", literal);
        Assert.Equal(text, PythonLiteral.Parse(literal));
    }

    [Theory]
    [InlineData("café")]
    [InlineData("日本語/ファイル.py")]
    [InlineData("emoji 😀 and ' quote \u0004")]
    public void Literal_EncodesNonAsciiText_AsUtf8BytesDecodedOnTheBoard(string text)
    {
        var literal = PythonCode.Literal(text);
        AssertPrintableAscii(literal);
        Assert.StartsWith("str(b'", literal);
        Assert.EndsWith(",'utf-8')", literal);
        var bytesLiteral = literal.Substring(4, literal.Length - 4 - ",'utf-8')".Length);
        Assert.Equal(Encoding.UTF8.GetBytes(text), PythonLiteral.Parse(bytesLiteral));
    }

    [Fact]
    public void Literal_RejectsALoneSurrogate()
    {
        var error = Assert.Throws<ArgumentException>(() => PythonCode.Literal("bad \ud800 text"));
        Assert.Contains("surrogate", error.Message);
    }

    [Fact]
    public void Literal_EncodesEveryByteValue()
    {
        var all = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var literal = PythonCode.Literal(all);
        AssertPrintableAscii(literal);
        Assert.Equal(all, PythonLiteral.Parse(literal));
    }

    [Fact]
    public void Literal_EncodesNumbersAndSpecialValues()
    {
        Assert.Equal("None", PythonCode.Literal((object?)null));
        Assert.Equal("True", PythonCode.Literal(true));
        Assert.Equal("-12", PythonCode.Literal(-12));
        Assert.Equal("2.0", PythonCode.Literal(2.0));
        Assert.Equal("float('-inf')", PythonCode.Literal(double.NegativeInfinity));
        Assert.Equal("(1,)", PythonCode.Literal(new object?[] { 1 }));
        Assert.Equal("[1, 'a']", PythonCode.Literal(new List<object> { 1, "a" }));
        Assert.Equal("{'x'}", PythonCode.Literal(new HashSet<string> { "x" }));
        Assert.Equal("set()", PythonCode.Literal(new SortedSet<int>()));
        Assert.Equal("{'k': b'\\x00'}", PythonCode.Literal(new Dictionary<string, byte[]> { ["k"] = new byte[1] }));
    }

    [Fact]
    public void Literal_RejectsTypesWithoutAPythonLiteral()
    {
        var error = Assert.Throws<ArgumentException>(() => PythonCode.Literal(new object()));
        Assert.Contains("System.Object", error.Message);
    }

    [Fact]
    public void Format_EncodesEveryInterpolatedValue_AndKeepsTheTemplate()
    {
        var path = "/rom/it's\n\u0004";
        var code = PythonCode.Format($"import os\nd = {{'k': os.stat({path})}}\nprint({42})");
        Assert.Equal("import os\nd = {'k': os.stat('/rom/it\\'s\\n\\x04')}\nprint(42)", code);
    }

    private static void AssertPrintableAscii(string literal) =>
        Assert.All(literal, c => Assert.InRange(c, ' ', '~'));
}
