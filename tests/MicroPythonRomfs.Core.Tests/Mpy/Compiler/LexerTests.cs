using MicroPythonRomfs.Mpy.Compiler;

namespace MicroPythonRomfs.Tests.Mpy.Compiler;

public class LexerTests
{
    private static List<TokenKind> Kinds(string source) => Lexer.Tokenize(source).Select(t => t.Kind).ToList();

    [Fact]
    public void Tokenize_EmitsIndentAndDedent_AroundABlock()
    {
        Assert.Equal(
            new[] { TokenKind.KwIf, TokenKind.Name, TokenKind.DelColon, TokenKind.Newline, TokenKind.Indent, TokenKind.KwPass, TokenKind.Newline, TokenKind.Dedent, TokenKind.End },
            Kinds("if x:\n    pass\n"));
    }

    [Fact]
    public void Tokenize_JoinsAdjacentStrings_IntoOneToken()
    {
        var tokens = Lexer.Tokenize("s = 'ab' \"cd\"\n");
        var s = Assert.Single(tokens, t => t.Kind == TokenKind.String);
        Assert.Equal("abcd", s.Text);
    }

    [Fact]
    public void Tokenize_RewritesAnFString_AsAFormatCall()
    {
        var tokens = Lexer.Tokenize("f'a{x!r:>4}b{{c}}'\n");
        Assert.Equal("a{!r:>4}b{{c}}", tokens[0].Text);
        Assert.Equal(new[] { ".", "format", "(", "(", "x", ")", ",", ")" }, tokens.Skip(1).Take(8).Select(t => t.Text));
    }

    [Fact]
    public void Tokenize_DecodesEscapes_InStringsAndBytes()
    {
        var tokens = Lexer.Tokenize("'\\x41\\n\\u00e9'\nb'\\x80\\101'\n");
        Assert.Equal("A\n\u00e9", tokens[0].Text);
        Assert.Equal(new byte[] { 0x80, 0x41 }, tokens[2].Data);
    }

    [Fact]
    public void Tokenize_DropsUnderscores_InNumbers()
    {
        var token = Lexer.Tokenize("1_000_000\n")[0];
        Assert.Equal(TokenKind.Integer, token.Kind);
        Assert.Equal("1000000", token.Text);
    }

    [Fact]
    public void Tokenize_RefusesUnicodeNameEscapes_LikeUpstream()
    {
        var e = Assert.Throws<MpySyntaxException>(() => Lexer.Tokenize("'\\N{DASH}'\n"));
        Assert.Equal("NotImplementedError", e.TypeName);
    }

    [Fact]
    public void Tokenize_IgnoresNewlines_InsideBrackets()
    {
        Assert.DoesNotContain(TokenKind.Indent, Kinds("x = (1,\n        2)\n"));
    }

    [Fact]
    public void Tokenize_GivesANewlineTheLineItEnds_AsUpstreamDoes()
    {
        var newline = Lexer.Tokenize("x = 1\n\n# note\ny = 2\n").First(t => t.Kind == TokenKind.Newline);
        Assert.Equal(1, newline.Line);
    }

    [Fact]
    public void Tokenize_KeepsNotEqualInsideAnFStringField()
    {
        var tokens = Lexer.Tokenize("f'{a != b!r}'\n");
        Assert.Equal("{!r}", tokens[0].Text);
        Assert.Equal(new[] { "a", "!=", "b" }, tokens.Skip(5).Take(3).Select(t => t.Text));
    }
}
