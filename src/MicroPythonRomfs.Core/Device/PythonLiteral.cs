using System.Globalization;
using System.Numerics;
using System.Text;

namespace MicroPythonRomfs.Device;

/// <summary>
/// Reads the text that MicroPython's <c>repr()</c> prints for plain data into .NET values:
/// int → <see cref="long"/> (or <see cref="BigInteger"/> beyond 64 bits), float → <see cref="double"/>,
/// bool → <see cref="bool"/>, None → <see langword="null"/>, str → <see cref="string"/>,
/// bytes and bytearray → <see cref="T:byte[]"/>, tuple → <see cref="T:object[]"/>,
/// list → <see cref="List{T}"/> of object, dict → <see cref="Dictionary{TKey, TValue}"/> and
/// set → <see cref="HashSet{T}"/>, the last two keyed by <see cref="PythonValueComparer"/>.
/// </summary>
/// <remarks>
/// Board output is untrusted: nesting is bounded, nothing is evaluated, and every error names the character offset.
/// </remarks>
public static class PythonLiteral
{
    /// <summary>The deepest nesting of containers accepted by default.</summary>
    public const int DefaultMaxDepth = 64;

    /// <summary>
    /// The most digits an int may have: CPython's own default limit for turning text into an int, which keeps the
    /// conversion (quadratic in the number of digits) bounded.
    /// </summary>
    public const int MaxIntDigits = 4300;

    /// <summary>Parses one literal; leading and trailing white space is ignored.</summary>
    /// <param name="text">The repr text, for example <c>{'a': (1, b'\x00')}</c>.</param>
    /// <returns>The value.</returns>
    /// <exception cref="PythonLiteralException">The text is not a single supported literal.</exception>
    public static object? Parse(string text) => Parse(text, DefaultMaxDepth);

    /// <summary>Parses one literal with a given nesting limit.</summary>
    /// <param name="text">The repr text.</param>
    /// <param name="maxDepth">The deepest nesting of containers accepted (1 allows a flat list).</param>
    /// <returns>The value.</returns>
    /// <exception cref="PythonLiteralException">The text is not a single supported literal.</exception>
    public static object? Parse(string text, int maxDepth)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        if (maxDepth < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDepth), maxDepth, "The nesting limit cannot be negative.");
        }

        var reader = new Reader(text, maxDepth);
        reader.SkipSpace();
        var value = reader.ReadValue(0);
        reader.SkipSpace();
        if (!reader.AtEnd)
        {
            throw reader.Error($"Unexpected '{reader.Describe()}' after the value");
        }

        return value;
    }

    private sealed class Reader
    {
        private readonly string _text;
        private readonly int _maxDepth;
        private int _pos;

        public Reader(string text, int maxDepth)
        {
            _text = text;
            _maxDepth = maxDepth;
        }

        public bool AtEnd => _pos >= _text.Length;

        private char Current => _pos < _text.Length ? _text[_pos] : '\0';

        public PythonLiteralException Error(string message) => new(message, _pos);

        public string Describe() => AtEnd ? "end of text" : Current < ' ' ? $"\\x{(int)Current:x2}" : Current.ToString();

        public void SkipSpace()
        {
            while (!AtEnd && (Current == ' ' || Current == '\t' || Current == '\r' || Current == '\n'))
            {
                _pos++;
            }
        }

        public object? ReadValue(int depth)
        {
            if (AtEnd)
            {
                throw Error("Expected a value but found the end of the text");
            }

            var c = Current;
            switch (c)
            {
                case '(':
                    return ReadTuple(depth);
                case '[':
                    return ReadList(depth);
                case '{':
                    return ReadDictOrSet(depth);
                case '\'':
                case '"':
                    return ReadString();
                case '-':
                case '+':
                case '.':
                    return ReadNumber();
            }

            if (c >= '0' && c <= '9')
            {
                return ReadNumber();
            }

            if ((c == 'b' || c == 'B') && _pos + 1 < _text.Length && (_text[_pos + 1] == '\'' || _text[_pos + 1] == '"'))
            {
                _pos++;
                return ReadBytes();
            }

            if (IsIdentifierStart(c))
            {
                return ReadNamed(depth);
            }

            throw Error($"Unexpected '{Describe()}' where a value was expected");
        }

        private void Enter(int depth)
        {
            if (depth >= _maxDepth)
            {
                throw Error($"Containers are nested deeper than {_maxDepth} levels");
            }
        }

        private void Expect(char c)
        {
            if (Current != c || AtEnd)
            {
                throw Error($"Expected '{c}' but found '{Describe()}'");
            }

            _pos++;
        }

        private object? ReadTuple(int depth)
        {
            Enter(depth);
            _pos++;
            var items = new List<object?>();
            var sawComma = false;
            SkipSpace();
            while (Current != ')' || AtEnd)
            {
                items.Add(ReadValue(depth + 1));
                SkipSpace();
                if (Current == ',')
                {
                    sawComma = true;
                    _pos++;
                    SkipSpace();
                }
                else if (Current != ')' || AtEnd)
                {
                    throw Error($"Expected ',' or ')' in a tuple but found '{Describe()}'");
                }
            }

            _pos++;

            // "(x)" is a parenthesised value, not a tuple; repr never prints it, but ast.literal_eval accepts it.
            if (items.Count == 1 && !sawComma)
            {
                return items[0];
            }

            return items.ToArray();
        }

        private List<object?> ReadList(int depth)
        {
            Enter(depth);
            _pos++;
            var items = new List<object?>();
            SkipSpace();
            while (Current != ']' || AtEnd)
            {
                items.Add(ReadValue(depth + 1));
                SkipSpace();
                if (Current == ',')
                {
                    _pos++;
                    SkipSpace();
                }
                else if (Current != ']' || AtEnd)
                {
                    throw Error($"Expected ',' or ']' in a list but found '{Describe()}'");
                }
            }

            _pos++;
            return items;
        }

        private object ReadDictOrSet(int depth)
        {
            Enter(depth);
            _pos++;
            SkipSpace();
            if (Current == '}' && !AtEnd)
            {
                _pos++;
                return new Dictionary<object, object?>(PythonValueComparer.Instance);
            }

            var firstAt = _pos;
            var first = ReadValue(depth + 1);
            SkipSpace();
            if (Current == ':' && !AtEnd)
            {
                var dict = new Dictionary<object, object?>(PythonValueComparer.Instance);
                _pos++;
                SkipSpace();
                dict[RequireKey(first, firstAt)] = ReadValue(depth + 1);
                SkipSpace();
                while (true)
                {
                    if (Current == '}' && !AtEnd)
                    {
                        _pos++;
                        return dict;
                    }

                    Expect(',');
                    SkipSpace();
                    if (Current == '}' && !AtEnd)
                    {
                        continue;
                    }

                    var keyAt = _pos;
                    var key = ReadValue(depth + 1);
                    SkipSpace();
                    Expect(':');
                    SkipSpace();
                    dict[RequireKey(key, keyAt)] = ReadValue(depth + 1);
                    SkipSpace();
                }
            }

            var set = new HashSet<object>(PythonValueComparer.Instance) { RequireKey(first, firstAt) };
            while (true)
            {
                if (Current == '}' && !AtEnd)
                {
                    _pos++;
                    return set;
                }

                Expect(',');
                SkipSpace();
                if (Current == '}' && !AtEnd)
                {
                    continue;
                }

                var itemAt = _pos;
                set.Add(RequireKey(ReadValue(depth + 1), itemAt));
                SkipSpace();
            }
        }

        private static object RequireKey(object? key, int offset)
        {
            if (key is null)
            {
                throw new PythonLiteralException("None cannot be a dict key or set item in .NET", offset);
            }

            if (key is List<object?> or Dictionary<object, object?> or HashSet<object>)
            {
                throw new PythonLiteralException("An unhashable list, dict or set cannot be a dict key or set item", offset);
            }

            return key;
        }

        private object? ReadNamed(int depth)
        {
            var start = _pos;
            while (!AtEnd && (IsIdentifierStart(Current) || (Current >= '0' && Current <= '9')))
            {
                _pos++;
            }

            var name = _text.Substring(start, _pos - start);
            switch (name)
            {
                case "True":
                    return true;
                case "False":
                    return false;
                case "None":
                    return null;
                case "inf":
                    return double.PositiveInfinity;
                case "nan":
                    return double.NaN;
                case "set":
                    Expect('(');
                    Expect(')');
                    return new HashSet<object>(PythonValueComparer.Instance);
                case "bytearray":
                    {
                        Enter(depth);
                        Expect('(');
                        SkipSpace();
                        if (Current == ')' && !AtEnd)
                        {
                            _pos++;
                            return Array.Empty<byte>();
                        }

                        if (Current != 'b' && Current != 'B')
                        {
                            throw Error("Expected a bytes literal inside bytearray(...)");
                        }

                        _pos++;
                        var bytes = ReadBytes();
                        SkipSpace();
                        Expect(')');
                        return bytes;
                    }

                default:
                    _pos = start;
                    throw Error($"'{name}' is not a literal value (only plain data can be read from a board's repr)");
            }
        }

        private object ReadNumber()
        {
            var start = _pos;
            var negative = false;
            if (Current == '+' || Current == '-')
            {
                negative = Current == '-';
                _pos++;
                if (!AtEnd && IsIdentifierStart(Current))
                {
                    var nameStart = _pos;
                    while (!AtEnd && IsIdentifierStart(Current))
                    {
                        _pos++;
                    }

                    var name = _text.Substring(nameStart, _pos - nameStart);
                    if (name == "inf")
                    {
                        return negative ? double.NegativeInfinity : double.PositiveInfinity;
                    }

                    if (name == "nan")
                    {
                        return double.NaN;
                    }

                    _pos = nameStart;
                    throw Error($"'{name}' is not a number");
                }
            }

            var digitsStart = _pos;
            var isFloat = false;
            while (!AtEnd)
            {
                var c = Current;
                if (c >= '0' && c <= '9')
                {
                    _pos++;
                }
                else if (c == '.')
                {
                    isFloat = true;
                    _pos++;
                }
                else if (c == 'e' || c == 'E')
                {
                    isFloat = true;
                    _pos++;
                    if (Current == '+' || Current == '-')
                    {
                        _pos++;
                    }
                }
                else
                {
                    break;
                }
            }

            var body = _text.Substring(digitsStart, _pos - digitsStart);
            if (body.Length == 0 || body == ".")
            {
                _pos = start;
                throw Error("Expected digits");
            }

            if (!AtEnd && (IsIdentifierStart(Current)))
            {
                throw Error($"Unexpected '{Describe()}' in a number");
            }

            if (isFloat)
            {
                if (!double.TryParse(body, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var d))
                {
                    _pos = start;
                    throw Error($"'{_text.Substring(start, digitsStart - start)}{body}' is not a valid float");
                }

                return negative ? -d : d;
            }

            if (body.Length > MaxIntDigits)
            {
                _pos = start;
                throw Error($"An int of {body.Length} digits; at most {MaxIntDigits} are read");
            }

            if (body.Length > 1 && body[0] == '0' && body.Trim('0').Length > 0)
            {
                _pos = start;
                throw Error("An int cannot have leading zeros");
            }

            if (body.Length <= 18)
            {
                var l = long.Parse(body, NumberStyles.None, CultureInfo.InvariantCulture);
                return negative ? -l : l;
            }

            var big = BigInteger.Parse(body, NumberStyles.None, CultureInfo.InvariantCulture);
            if (negative)
            {
                big = -big;
            }

            return big >= long.MinValue && big <= long.MaxValue ? (object)(long)big : big;
        }

        private string ReadString()
        {
            var quote = Current;
            var openAt = _pos;
            _pos++;
            var builder = new StringBuilder();
            while (true)
            {
                if (AtEnd)
                {
                    throw new PythonLiteralException("The string starting here is not closed", openAt);
                }

                var c = Current;
                if (c == quote)
                {
                    _pos++;
                    return builder.ToString();
                }

                if (c == '\n' || c == '\r')
                {
                    throw Error("A line break inside a string literal");
                }

                if (c != '\\')
                {
                    builder.Append(c);
                    _pos++;
                    continue;
                }

                ReadEscape(builder, isBytes: false);
            }
        }

        private byte[] ReadBytes()
        {
            var quote = Current;
            var openAt = _pos - 1;
            if (quote != '\'' && quote != '"')
            {
                throw Error("Expected a quote after the bytes prefix b");
            }

            _pos++;
            var builder = new StringBuilder();
            while (true)
            {
                if (AtEnd)
                {
                    throw new PythonLiteralException("The bytes literal starting here is not closed", openAt);
                }

                var c = Current;
                if (c == quote)
                {
                    _pos++;
                    var result = new byte[builder.Length];
                    for (var i = 0; i < result.Length; i++)
                    {
                        result[i] = (byte)builder[i];
                    }

                    return result;
                }

                if (c == '\n' || c == '\r')
                {
                    throw Error("A line break inside a bytes literal");
                }

                if (c > 0x7f)
                {
                    throw Error("A bytes literal can hold only ASCII characters");
                }

                if (c != '\\')
                {
                    builder.Append(c);
                    _pos++;
                    continue;
                }

                ReadEscape(builder, isBytes: true);
            }
        }

        private void ReadEscape(StringBuilder builder, bool isBytes)
        {
            var escapeAt = _pos;
            _pos++;
            if (AtEnd)
            {
                throw new PythonLiteralException("A backslash at the end of the text", escapeAt);
            }

            var c = Current;
            _pos++;
            switch (c)
            {
                case '\\': builder.Append('\\'); return;
                case '\'': builder.Append('\''); return;
                case '"': builder.Append('"'); return;
                case 'n': builder.Append('\n'); return;
                case 'r': builder.Append('\r'); return;
                case 't': builder.Append('\t'); return;
                case 'a': builder.Append('\a'); return;
                case 'b': builder.Append('\b'); return;
                case 'f': builder.Append('\f'); return;
                case 'v': builder.Append('\v'); return;
                case '\n': return;
                case 'x':
                    builder.Append((char)ReadHex(2, escapeAt));
                    return;
                case 'u' when !isBytes:
                    builder.Append((char)ReadHex(4, escapeAt));
                    return;
                case 'U' when !isBytes:
                    {
                        var codePoint = ReadHex(8, escapeAt);
                        if (codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF))
                        {
                            throw new PythonLiteralException($"\\U{codePoint:x8} is not a Unicode scalar value", escapeAt);
                        }

                        builder.Append(char.ConvertFromUtf32(codePoint));
                        return;
                    }
            }

            if (c >= '0' && c <= '7')
            {
                var value = c - '0';
                for (var i = 0; i < 2 && !AtEnd && Current >= '0' && Current <= '7'; i++)
                {
                    value = (value * 8) + (Current - '0');
                    _pos++;
                }

                if (isBytes && value > 0xff)
                {
                    throw new PythonLiteralException("An octal escape above \\377 in a bytes literal", escapeAt);
                }

                builder.Append((char)value);
                return;
            }

            // Python keeps an unknown escape as the backslash and the character.
            builder.Append('\\');
            _pos--;
        }

        private int ReadHex(int count, int escapeAt)
        {
            var value = 0;
            for (var i = 0; i < count; i++)
            {
                var c = Current;
                int digit;
                if (AtEnd)
                {
                    digit = -1;
                }
                else if (c >= '0' && c <= '9')
                {
                    digit = c - '0';
                }
                else if (c >= 'a' && c <= 'f')
                {
                    digit = c - 'a' + 10;
                }
                else if (c >= 'A' && c <= 'F')
                {
                    digit = c - 'A' + 10;
                }
                else
                {
                    digit = -1;
                }

                if (digit < 0)
                {
                    throw new PythonLiteralException($"An escape needs {count} hex digits", escapeAt);
                }

                value = (value << 4) | digit;
                _pos++;
            }

            return value;
        }

        private static bool IsIdentifierStart(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }
}
