using System.Text;

namespace MicroPythonRomfs.Mpy.Compiler;

/// <summary>
/// Turns MicroPython source into tokens the way upstream's lexer does: indentation as INDENT/DEDENT, adjacent
/// string literals joined into one token, and f-strings rewritten as <c>"...{}...".format(args)</c>.
/// </summary>
internal sealed class Lexer
{
    private static readonly Dictionary<string, TokenKind> Keywords = new(StringComparer.Ordinal)
    {
        ["False"] = TokenKind.KwFalse, ["None"] = TokenKind.KwNone, ["True"] = TokenKind.KwTrue,
        ["and"] = TokenKind.KwAnd, ["as"] = TokenKind.KwAs, ["assert"] = TokenKind.KwAssert,
        ["async"] = TokenKind.KwAsync, ["await"] = TokenKind.KwAwait, ["break"] = TokenKind.KwBreak,
        ["class"] = TokenKind.KwClass, ["continue"] = TokenKind.KwContinue, ["def"] = TokenKind.KwDef,
        ["del"] = TokenKind.KwDel, ["elif"] = TokenKind.KwElif, ["else"] = TokenKind.KwElse,
        ["except"] = TokenKind.KwExcept, ["finally"] = TokenKind.KwFinally, ["for"] = TokenKind.KwFor,
        ["from"] = TokenKind.KwFrom, ["global"] = TokenKind.KwGlobal, ["if"] = TokenKind.KwIf,
        ["import"] = TokenKind.KwImport, ["in"] = TokenKind.KwIn, ["is"] = TokenKind.KwIs,
        ["lambda"] = TokenKind.KwLambda, ["nonlocal"] = TokenKind.KwNonlocal, ["not"] = TokenKind.KwNot,
        ["or"] = TokenKind.KwOr, ["pass"] = TokenKind.KwPass, ["raise"] = TokenKind.KwRaise,
        ["return"] = TokenKind.KwReturn, ["try"] = TokenKind.KwTry, ["while"] = TokenKind.KwWhile,
        ["with"] = TokenKind.KwWith, ["yield"] = TokenKind.KwYield,
    };

    // Longest operators first so that the greedy match picks "**=" over "**" over "*".
    private static readonly (string Text, TokenKind Kind)[] Operators =
    {
        ("**=", TokenKind.DelDblStarEqual), ("//=", TokenKind.DelDblSlashEqual), (">>=", TokenKind.DelDblMoreEqual),
        ("<<=", TokenKind.DelDblLessEqual), ("...", TokenKind.Ellipsis),
        ("**", TokenKind.OpDblStar), ("//", TokenKind.OpDblSlash), (">>", TokenKind.OpDblMore), ("<<", TokenKind.OpDblLess),
        ("<=", TokenKind.OpLessEqual), (">=", TokenKind.OpMoreEqual), ("==", TokenKind.OpDblEqual), ("!=", TokenKind.OpNotEqual),
        ("+=", TokenKind.DelPlusEqual), ("-=", TokenKind.DelMinusEqual), ("*=", TokenKind.DelStarEqual),
        ("/=", TokenKind.DelSlashEqual), ("%=", TokenKind.DelPercentEqual), ("&=", TokenKind.DelAmpersandEqual),
        ("|=", TokenKind.DelPipeEqual), ("^=", TokenKind.DelCaretEqual), ("@=", TokenKind.DelAtEqual),
        ("->", TokenKind.DelMinusMore), (":=", TokenKind.OpAssign),
        ("(", TokenKind.DelParenOpen), (")", TokenKind.DelParenClose), ("[", TokenKind.DelBracketOpen),
        ("]", TokenKind.DelBracketClose), ("{", TokenKind.DelBraceOpen), ("}", TokenKind.DelBraceClose),
        (",", TokenKind.DelComma), (":", TokenKind.DelColon), (".", TokenKind.DelPeriod), (";", TokenKind.DelSemicolon),
        ("=", TokenKind.DelEqual), ("~", TokenKind.OpTilde), ("<", TokenKind.OpLess), (">", TokenKind.OpMore),
        ("|", TokenKind.OpPipe), ("^", TokenKind.OpCaret), ("&", TokenKind.OpAmpersand), ("+", TokenKind.OpPlus),
        ("-", TokenKind.OpMinus), ("*", TokenKind.OpStar), ("@", TokenKind.OpAt), ("/", TokenKind.OpSlash),
        ("%", TokenKind.OpPercent),
    };

    private readonly string _src;
    private readonly List<Token> _tokens = new();
    private readonly List<int> _indents = new() { 0 };
    private int _pos;
    private int _line = 1;
    private int _bracketDepth;
    private int _stringLine;

    // __debug__ is a keyword to upstream's lexer: True at -O0, False above.
    private bool _debug = true;

    private Lexer(string source)
    {
        _src = source.Replace("\r\n", "\n").Replace('\r', '\n');

        // Upstream's reader adds a newline to a file that does not end with one, which moves the line of the
        // tokens that follow (DEDENT, END) on by one.
        if (_src.Length > 0 && _src[_src.Length - 1] != '\n')
        {
            _src += "\n";
        }
    }

    /// <summary>Tokenizes a whole file; lexical errors are raised as <see cref="MpySyntaxException"/>.</summary>
    public static List<Token> Tokenize(string source, int optimizationLevel = 0) => new Lexer(source) { _debug = optimizationLevel == 0 }.Run();

    private char Cur => _pos < _src.Length ? _src[_pos] : '\0';

    private char Peek(int n) => _pos + n < _src.Length ? _src[_pos + n] : '\0';

    private bool AtEnd => _pos >= _src.Length;

    private List<Token> Run()
    {
        try
        {
            return RunTokens();
        }
        catch (LexicalError e)
        {
            _tokens.Add(new Token(e.Kind, e.Line, string.Empty));
            _tokens.Add(new Token(TokenKind.End, e.Line, string.Empty));
            return _tokens;
        }
    }

    private List<Token> RunTokens()
    {
        var atLineStart = true;
        while (true)
        {
            if (atLineStart && _bracketDepth == 0)
            {
                if (!HandleIndentation())
                {
                    break;
                }

                atLineStart = false;
            }

            // Skip whitespace, comments and continuations within the line.
            while (!AtEnd)
            {
                var c = Cur;
                if (c == ' ' || c == '\t' || c == '\f' || c == '\v')
                {
                    _pos++;
                }
                else if (c == '#')
                {
                    while (!AtEnd && Cur != '\n')
                    {
                        _pos++;
                    }
                }
                else if (c == '\\' && Peek(1) == '\n')
                {
                    _pos += 2;
                    _line++;
                }
                else if (c == '\n' && _bracketDepth > 0)
                {
                    _pos++;
                    _line++;
                }
                else
                {
                    break;
                }
            }

            if (AtEnd)
            {
                break;
            }

            if (Cur == '\n')
            {
                // As upstream (which stops at the newline before taking the token's line): the line it ends.
                Add(TokenKind.Newline, _line, string.Empty);
                _pos++;
                _line++;
                atLineStart = true;
                continue;
            }

            LexToken();
        }

        if (_tokens.Count > 0 && _tokens[_tokens.Count - 1].Kind != TokenKind.Newline && _tokens[_tokens.Count - 1].Kind != TokenKind.Dedent)
        {
            Add(TokenKind.Newline, _line, string.Empty);
        }

        while (_indents.Count > 1)
        {
            _indents.RemoveAt(_indents.Count - 1);
            Add(TokenKind.Dedent, _line, string.Empty);
        }

        Add(TokenKind.End, _line, string.Empty);
        return _tokens;
    }

    // Measures the indentation of the next non-blank line and emits INDENT/DEDENT; returns false at the end.
    private bool HandleIndentation()
    {
        while (true)
        {
            var col = 0;
            while (!AtEnd && (Cur == ' ' || Cur == '\t' || Cur == '\f' || Cur == '\v'))
            {
                col = Cur == '\t' ? (col + 8) & ~7 : col + 1;
                _pos++;
            }

            if (AtEnd)
            {
                return false;
            }

            if (Cur == '\n')
            {
                _pos++;
                _line++;
                continue;
            }

            if (Cur == '#')
            {
                while (!AtEnd && Cur != '\n')
                {
                    _pos++;
                }

                continue;
            }

            if (Cur == '\\' && Peek(1) == '\n')
            {
                _pos += 2;
                _line++;
                continue;
            }

            var top = _indents[_indents.Count - 1];
            if (col > top)
            {
                _indents.Add(col);
                Add(TokenKind.Indent, _line, string.Empty);
            }
            else
            {
                while (col < _indents[_indents.Count - 1])
                {
                    _indents.RemoveAt(_indents.Count - 1);
                    Add(TokenKind.Dedent, _line, string.Empty);
                }

                if (col != _indents[_indents.Count - 1])
                {
                    // Upstream turns the NEWLINE token itself into the mismatch (the dedents come after it).
                    var newline = _tokens.FindLastIndex(t => t.Kind == TokenKind.Newline);
                    var line = newline >= 0 ? _tokens[newline].Line : _line;
                    if (newline >= 0)
                    {
                        _tokens.RemoveRange(newline, _tokens.Count - newline);
                    }

                    throw new LexicalError(TokenKind.DedentMismatch, line);
                }
            }

            return true;
        }
    }

    private void Add(TokenKind kind, int line, string text, byte[]? data = null) => _tokens.Add(new Token(kind, line, text, data));

    // Upstream works on UTF-8 bytes: ASCII letters, '_' and any non-ASCII character start a name.
    private static bool IsIdStart(char c) => (c < 0x80 && char.IsLetter(c)) || c == '_' || c >= 0x80;

    private static bool IsIdChar(char c) => IsIdStart(c) || (c >= '0' && c <= '9');

    private bool IsStringStart()
    {
        var c = Cur;
        if (c == '\'' || c == '"')
        {
            return true;
        }

        // Only lower-case prefixes: upstream does not accept R"..", B"..", F"..".
        var c1 = Peek(1);
        if ((c == 'r' || c == 'u' || c == 'b' || c == 'f') && (c1 == '\'' || c1 == '"'))
        {
            return true;
        }

        var c2 = Peek(2);
        return (c2 == '\'' || c2 == '"') && ((c == 'r' && (c1 == 'b' || c1 == 'f')) || ((c == 'b' || c == 'f') && c1 == 'r'));
    }

    private void LexToken()
    {
        var c = Cur;
        var line = _line;
        if (IsStringStart())
        {
            LexStrings();
            return;
        }

        if (IsIdStart(c))
        {
            var start = _pos;
            while (!AtEnd && IsIdChar(Cur))
            {
                _pos++;
            }

            var name = _src.Substring(start, _pos - start);
            if (Keywords.TryGetValue(name, out var kw))
            {
                Add(kw, line, name);
            }
            else if (name == "__debug__")
            {
                Add(_debug ? TokenKind.KwTrue : TokenKind.KwFalse, line, name);
            }
            else
            {
                Add(TokenKind.Name, line, name);
            }

            return;
        }

        if ((c >= '0' && c <= '9') || (c == '.' && Peek(1) >= '0' && Peek(1) <= '9'))
        {
            LexNumber();
            return;
        }

        foreach (var (text, kind) in Operators)
        {
            if (string.CompareOrdinal(_src, _pos, text, 0, text.Length) == 0)
            {
                _pos += text.Length;
                if (kind is TokenKind.DelParenOpen or TokenKind.DelBracketOpen or TokenKind.DelBraceOpen)
                {
                    _bracketDepth++;
                }
                else if (kind is TokenKind.DelParenClose or TokenKind.DelBracketClose or TokenKind.DelBraceClose)
                {
                    if (_bracketDepth > 0)
                    {
                        _bracketDepth--;
                    }
                }

                Add(kind, line, text);
                return;
            }
        }

        throw new LexicalError(TokenKind.Invalid, line);
    }

    private void LexNumber()
    {
        var line = _line;
        var sb = new StringBuilder();
        var kind = TokenKind.Integer;
        var forcedInteger = false;
        if (Cur == '.')
        {
            kind = TokenKind.FloatOrImag;
        }
        else if (Cur == '0' && "xXoObB".IndexOf(Peek(1)) >= 0)
        {
            forcedInteger = true;
        }

        sb.Append(Cur);
        _pos++;
        while (!AtEnd)
        {
            var c = Cur;
            if (!forcedInteger && (c == 'e' || c == 'E'))
            {
                kind = TokenKind.FloatOrImag;
                sb.Append('e');
                _pos++;
                if (Cur == '+' || Cur == '-')
                {
                    sb.Append(Cur);
                    _pos++;
                }
            }
            else if ((c < 0x80 && char.IsLetterOrDigit(c)) || c == '.')
            {
                if (c == '.' || c == 'j' || c == 'J')
                {
                    kind = TokenKind.FloatOrImag;
                }

                sb.Append(c);
                _pos++;
            }
            else if (c == '_')
            {
                _pos++;
            }
            else
            {
                break;
            }
        }

        Add(kind, line, sb.ToString());
    }

    // Lexes one or more adjacent string literals into a single token, as upstream does.
    private void LexStrings()
    {
        var line = _line;
        _stringLine = line;
        var isBytes = false;
        var first = true;
        var text = new StringBuilder();
        var bytes = new List<byte>();
        var fArgs = new StringBuilder();
        while (true)
        {
            // Skip spaces between adjacent literals (and continuation lines inside brackets).
            if (!first)
            {
                var save = _pos;
                var saveLine = _line;
                while (!AtEnd && (Cur == ' ' || Cur == '\t' || (Cur == '\\' && Peek(1) == '\n') || (Cur == '\n' && _bracketDepth > 0) || Cur == '#'))
                {
                    if (Cur == '#')
                    {
                        while (!AtEnd && Cur != '\n')
                        {
                            _pos++;
                        }

                        continue;
                    }

                    if (Cur == '\\')
                    {
                        _pos++;
                        _line++;
                    }
                    else if (Cur == '\n')
                    {
                        _line++;
                    }

                    _pos++;
                }

                if (AtEnd || !IsStringStart())
                {
                    _pos = save;
                    _line = saveLine;
                    break;
                }
            }

            var raw = false;
            var isF = false;
            var partBytes = false;
            var prefixStart = _pos;
            var prefixLine = _line;
            while (Cur != '\'' && Cur != '"')
            {
                switch (Cur)
                {
                    case 'r': raw = true; break;
                    case 'b': partBytes = true; break;
                    case 'f': isF = true; break;
                }

                _pos++;
            }

            if (first)
            {
                isBytes = partBytes;
            }
            else if (isBytes != partBytes)
            {
                // Upstream stops joining here; the parser then refuses the second literal as invalid syntax.
                _pos = prefixStart;
                _line = prefixLine;
                break;
            }

            first = false;
            LexOneString(raw, isF, partBytes, text, bytes, fArgs);
        }

        if (isBytes)
        {
            Add(TokenKind.Bytes, line, string.Empty, bytes.ToArray());
        }
        else
        {
            var s = text.ToString();
            Add(TokenKind.String, line, s, Encoding.UTF8.GetBytes(s));
        }

        if (fArgs.Length > 0)
        {
            // Upstream injects ".format(args)" after the string; lex that text in place.
            var injected = ".format(" + fArgs + ")";
            var sub = new Lexer(injected) { _line = _line, _debug = _debug };
            var subTokens = sub.Run();
            foreach (var t in subTokens)
            {
                if (t.Kind is TokenKind.Newline or TokenKind.End or TokenKind.Indent or TokenKind.Dedent)
                {
                    continue;
                }

                // Upstream re-reads these characters after the string, so its line count moves on again
                // over any newline inside a field.
                _tokens.Add(t);
            }

            // The sub-lexer counted the newline it adds at its end; the rest carries on into this file, and so
            // does an unclosed bracket (upstream lexes the injected text with the file's own state).
            _line += injected.Count(ch => ch == '\n');
            _bracketDepth += sub._bracketDepth;
        }
    }

    private void LexOneString(bool raw, bool isF, bool isBytes, StringBuilder text, List<byte> bytes, StringBuilder fArgs)
    {
        var quote = Cur;
        var triple = Peek(1) == quote && Peek(2) == quote;
        _pos += triple ? 3 : 1;
        while (true)
        {
            if (AtEnd)
            {
                throw new LexicalError(TokenKind.Invalid, _stringLine);
            }

            var c = Cur;
            if (c == quote && (!triple || (Peek(1) == quote && Peek(2) == quote)))
            {
                _pos += triple ? 3 : 1;
                return;
            }

            if (c == '\n')
            {
                if (!triple)
                {
                    throw new LexicalError(TokenKind.Invalid, _stringLine);
                }

                _line++;
            }

            if (isF && c == '{')
            {
                if (Peek(1) == '{')
                {
                    text.Append("{{");
                    _pos += 2;
                    continue;
                }

                _pos++;
                fArgs.Append('(');
                var exprStart = fArgs.Length;
                // Upstream's scan knows no Python syntax: only [] and {} nest, and '!' ends the field only as
                // !r or !s followed by ':' or '}' (so "!=" stays in the expression).
                var level = 0;
                while (!AtEnd && (level != 0 || !(Cur == ':' || Cur == '}' || IsConversion())))
                {
                    var e = Cur;
                    if (e == '[' || e == '{')
                    {
                        level++;
                    }
                    else if (e == ']' || e == '}')
                    {
                        level--;
                    }
                    else if (e == '\n')
                    {
                        _line++;
                    }

                    fArgs.Append(e);
                    _pos++;
                }

                if (fArgs.Length > exprStart && fArgs[fArgs.Length - 1] == '=')
                {
                    text.Append(fArgs.ToString(exprStart, fArgs.Length - exprStart));
                    fArgs.Length--;
                }

                text.Append('{');
                fArgs.Append("),");
                continue;
            }

            if (c == '\\' && !raw)
            {
                _pos++;
                LexEscape(isBytes, text, bytes);
                continue;
            }

            if (c == '\\' && raw && _pos + 1 < _src.Length)
            {
                // A raw string keeps the backslash and the character after it, which neither ends the string
                // nor starts an f-string field.
                Append(isBytes, text, bytes, '\\');
                _pos++;
                if (Cur == '\n')
                {
                    _line++;
                }

                Append(isBytes, text, bytes, Cur);
                _pos++;
                continue;
            }

            Append(isBytes, text, bytes, c);
            _pos++;
        }
    }

    private bool IsConversion() => Cur == '!' && (Peek(1) == 'r' || Peek(1) == 's') && (Peek(2) == ':' || Peek(2) == '}');

    private static void Append(bool isBytes, StringBuilder text, List<byte> bytes, char c)
    {
        if (isBytes)
        {
            if (c < 0x80)
            {
                bytes.Add((byte)c);
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
        }
        else
        {
            text.Append(c);
        }
    }

    private void LexEscape(bool isBytes, StringBuilder text, List<byte> bytes)
    {
        var c = Cur;
        _pos++;
        int value;
        switch (c)
        {
            case '\n': _line++; return;
            case '\\': value = '\\'; break;
            case '\'': value = '\''; break;
            case '"': value = '"'; break;
            case 'a': value = 7; break;
            case 'b': value = 8; break;
            case 'f': value = 12; break;
            case 'n': value = 10; break;
            case 'r': value = 13; break;
            case 't': value = 9; break;
            case 'v': value = 11; break;
            case 'x':
                value = ReadHex(2);
                if (value < 0)
                {
                    return;
                }

                break;
            case 'u' when !isBytes:
            case 'U' when !isBytes:
                value = ReadHex(c == 'u' ? 4 : 8);
                if (value < 0)
                {
                    return;
                }

                break;
            case 'N' when !isBytes:
                throw new MpySyntaxException("NotImplementedError", "unicode name escapes", null, null);
            default:
                if (c >= '0' && c <= '7')
                {
                    value = c - '0';
                    for (var i = 0; i < 2 && Cur >= '0' && Cur <= '7'; i++)
                    {
                        value = (value * 8) + (Cur - '0');
                        _pos++;
                    }

                    break;
                }

                // Unknown escapes keep their backslash.
                Append(isBytes, text, bytes, '\\');
                Append(isBytes, text, bytes, c);
                return;
        }

        if (isBytes)
        {
            if (value > 0xff)
            {
                throw new LexicalError(TokenKind.Invalid, _stringLine);
            }

            bytes.Add((byte)value);
        }
        else if (value > 0x10ffff)
        {
            throw new LexicalError(TokenKind.Invalid, _stringLine);
        }
        else if (value >= 0xd800 && value <= 0xdfff)
        {
            // A lone surrogate has no UTF-8 form in .NET; keep the code unit rather than refuse the file.
            text.Append((char)value);
        }
        else
        {
            text.Append(char.ConvertFromUtf32(value));
        }
    }

    private int ReadHex(int digits)
    {
        var value = 0;
        for (var i = 0; i < digits; i++)
        {
            var h = Cur;
            int d = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
            if (d < 0)
            {
                throw new LexicalError(TokenKind.Invalid, _stringLine);
            }

            value = (value * 16) + d;
            _pos++;
        }

        return value;
    }

    // A lexical error: the token upstream's lexer would hand the parser at this point.
    private sealed class LexicalError : Exception
    {
        public LexicalError(TokenKind kind, int line)
        {
            Kind = kind;
            Line = line;
        }

        public TokenKind Kind { get; }

        public int Line { get; }
    }
}
