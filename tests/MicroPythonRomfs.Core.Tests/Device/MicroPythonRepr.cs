using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace MicroPythonRomfs.Tests.Device;

/// <summary>
/// A test-side encoder that prints values the way MicroPython's repr does (py/objstrunicode.c uni_print_quoted,
/// py/objstr.c for bytes, formatfloat for floats), used to round-trip values through PythonLiteral.Parse.
/// </summary>
internal static class MicroPythonRepr
{
    public static string Of(object? value)
    {
        var builder = new StringBuilder();
        Append(builder, value);
        return builder.ToString();
    }

    private static void Append(StringBuilder b, object? value)
    {
        switch (value)
        {
            case null: b.Append("None"); break;
            case bool x: b.Append(x ? "True" : "False"); break;
            case long or BigInteger: b.Append(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
            case double d: b.Append(Float(d)); break;
            case string s: Str(b, s); break;
            case byte[] bytes: Bytes(b, bytes); break;
            case object?[] tuple:
                b.Append('(');
                for (var i = 0; i < tuple.Length; i++)
                {
                    if (i > 0) b.Append(", ");
                    Append(b, tuple[i]);
                }

                b.Append(tuple.Length == 1 ? ",)" : ")");
                break;
            case IDictionary dict:
                {
                    b.Append('{');
                    var first = true;
                    foreach (DictionaryEntry e in dict)
                    {
                        if (!first) b.Append(", ");
                        first = false;
                        Append(b, e.Key);
                        b.Append(": ");
                        Append(b, e.Value);
                    }

                    b.Append('}');
                    break;
                }

            case HashSet<object> set:
                if (set.Count == 0)
                {
                    b.Append("set()");
                    break;
                }

                b.Append('{');
                b.Append(string.Join(", ", set.Select(Of)));
                b.Append('}');
                break;
            case List<object?> list:
                b.Append('[');
                b.Append(string.Join(", ", list.Select(Of)));
                b.Append(']');
                break;
            default: throw new ArgumentException("no repr for " + value.GetType());
        }
    }

    private static string Float(double d)
    {
        if (double.IsNaN(d)) return "nan";
        if (double.IsPositiveInfinity(d)) return "inf";
        if (double.IsNegativeInfinity(d)) return "-inf";
        var text = d.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e");
        return text.IndexOf('.') < 0 && text.IndexOf('e') < 0 ? text + ".0" : text;
    }

    private static void Str(StringBuilder b, string s)
    {
        var hasSingle = false;
        var hasDouble = false;
        foreach (var c in s)
        {
            if (hasDouble) break;
            if (c == '\'') hasSingle = true;
            else if (c == '"') hasDouble = true;
        }

        var quote = hasSingle && !hasDouble ? '"' : '\'';
        b.Append(quote);
        for (var i = 0; i < s.Length; i++)
        {
            int ch = char.IsHighSurrogate(s[i]) ? char.ConvertToUtf32(s, i++) : s[i];
            if (ch == quote) b.Append('\\').Append(quote);
            else if (ch == '\\') b.Append("\\\\");
            else if (ch >= 32 && ch <= 126) b.Append((char)ch);
            else if (ch == '\n') b.Append("\\n");
            else if (ch == '\r') b.Append("\\r");
            else if (ch == '\t') b.Append("\\t");
            else if (ch < 0x100) b.Append("\\x").Append(ch.ToString("x2", CultureInfo.InvariantCulture));
            else if (ch < 0x10000) b.Append("\\u").Append(ch.ToString("x4", CultureInfo.InvariantCulture));
            else b.Append("\\U").Append(ch.ToString("x8", CultureInfo.InvariantCulture));
        }

        b.Append(quote);
    }

    private static void Bytes(StringBuilder b, byte[] bytes)
    {
        var hasSingle = false;
        var hasDouble = false;
        foreach (var c in bytes)
        {
            if (hasDouble) break;
            if (c == '\'') hasSingle = true;
            else if (c == '"') hasDouble = true;
        }

        var quote = hasSingle && !hasDouble ? '"' : '\'';
        b.Append('b').Append(quote);
        foreach (var c in bytes)
        {
            if (c == quote) b.Append('\\').Append(quote);
            else if (c == '\\') b.Append("\\\\");
            else if (c >= 0x20 && c < 0x7f) b.Append((char)c);
            else if (c == '\n') b.Append("\\n");
            else if (c == '\r') b.Append("\\r");
            else if (c == '\t') b.Append("\\t");
            else b.Append("\\x").Append(c.ToString("x2", CultureInfo.InvariantCulture));
        }

        b.Append(quote);
    }
}
