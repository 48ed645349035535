using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace MicroPythonRomfs.Device;

/// <summary>
/// Turns .NET values into Python source literals, so that device code never contains user text unescaped.
/// Every literal produced is printable ASCII: no quote, backslash, line break or control byte (Ctrl-C, Ctrl-D)
/// of the user's value can end the literal early or disturb the raw REPL that carries the code.
/// </summary>
public static class PythonCode
{
    /// <summary>
    /// Builds code from a template whose interpolated values are each encoded with <see cref="Literal(object)"/>,
    /// for example <c>PythonCode.Format($"print(os.stat({path}))")</c>.
    /// </summary>
    /// <param name="code">The template; literal braces of the Python code are doubled as usual in C#.</param>
    /// <returns>The Python source.</returns>
    public static string Format(FormattableString code)
    {
        if (code is null)
        {
            throw new ArgumentNullException(nameof(code));
        }

        var arguments = code.GetArguments();
        var literals = new object[arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            literals[i] = Literal(arguments[i]);
        }

        return string.Format(CultureInfo.InvariantCulture, code.Format, literals);
    }

    /// <summary>
    /// Encodes a value as a Python literal: <see langword="null"/>, bool, integers, floating point numbers, strings,
    /// chars, byte arrays, <see cref="T:object[]"/> (a tuple), other lists (a list), dictionaries and sets.
    /// </summary>
    /// <param name="value">The value.</param>
    /// <returns>The literal.</returns>
    /// <exception cref="ArgumentException">The value has a type that has no Python literal, or is nested too deeply.</exception>
    public static string Literal(object? value)
    {
        var builder = new StringBuilder();
        Append(builder, value, 0);
        return builder.ToString();
    }

    /// <summary>
    /// Encodes a string as a Python str literal. ASCII text becomes a quoted literal with escapes; text with other
    /// characters becomes <c>str(b'...','utf-8')</c>, which every MicroPython build reads the same way,
    /// including ports built without Unicode escapes in string literals.
    /// </summary>
    /// <param name="value">The text; <see langword="null"/> gives <c>None</c>.</param>
    /// <returns>The literal.</returns>
    /// <exception cref="ArgumentException">The text holds a lone UTF-16 surrogate, which no file name or Python str can carry.</exception>
    public static string Literal(string? value)
    {
        if (value is null)
        {
            return "None";
        }

        var builder = new StringBuilder(value.Length + 2);
        AppendString(builder, value);
        return builder.ToString();
    }

    /// <summary>Encodes bytes as a Python bytes literal (<c>b'...'</c>) in printable ASCII.</summary>
    /// <param name="value">The bytes; <see langword="null"/> gives <c>None</c>.</param>
    /// <returns>The literal.</returns>
    public static string Literal(byte[]? value)
    {
        if (value is null)
        {
            return "None";
        }

        var builder = new StringBuilder(value.Length + 3);
        AppendBytes(builder, value);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, object? value, int depth)
    {
        if (depth > PythonLiteral.DefaultMaxDepth)
        {
            throw new ArgumentException($"The value is nested deeper than {PythonLiteral.DefaultMaxDepth} levels.", nameof(value));
        }

        switch (value)
        {
            case null:
                builder.Append("None");
                break;
            case bool b:
                builder.Append(b ? "True" : "False");
                break;
            case string s:
                AppendString(builder, s);
                break;
            case char c:
                AppendString(builder, c.ToString());
                break;
            case byte[] bytes:
                AppendBytes(builder, bytes);
                break;
            case sbyte or byte or short or ushort or int or uint or long or ulong or BigInteger:
                builder.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
            case float f:
                AppendFloat(builder, f);
                break;
            case double d:
                AppendFloat(builder, d);
                break;
            case decimal m:
                AppendFloat(builder, (double)m);
                break;
            case object?[] tuple:
                builder.Append('(');
                for (var i = 0; i < tuple.Length; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(", ");
                    }

                    Append(builder, tuple[i], depth + 1);
                }

                builder.Append(tuple.Length == 1 ? ",)" : ")");
                break;
            case IDictionary dictionary:
                {
                    builder.Append('{');
                    var first = true;
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        if (!first)
                        {
                            builder.Append(", ");
                        }

                        first = false;
                        Append(builder, entry.Key, depth + 1);
                        builder.Append(": ");
                        Append(builder, entry.Value, depth + 1);
                    }

                    builder.Append('}');
                    break;
                }

            case IEnumerable set when IsSet(set):
                {
                    var items = set.Cast<object?>().ToList();
                    if (items.Count == 0)
                    {
                        builder.Append("set()");
                        break;
                    }

                    builder.Append('{');
                    var first = true;
                    foreach (var item in items)
                    {
                        if (!first)
                        {
                            builder.Append(", ");
                        }

                        first = false;
                        Append(builder, item, depth + 1);
                    }

                    builder.Append('}');
                    break;
                }

            case IEnumerable sequence:
                {
                    builder.Append('[');
                    var first = true;
                    foreach (var item in sequence)
                    {
                        if (!first)
                        {
                            builder.Append(", ");
                        }

                        first = false;
                        Append(builder, item, depth + 1);
                    }

                    builder.Append(']');
                    break;
                }

            default:
                throw new ArgumentException($"A value of type {value.GetType().FullName} has no Python literal.", nameof(value));
        }
    }

    // The set classes by name rather than every ISet<T> through GetInterfaces, which trimming (NativeAOT mpromfs)
    // cannot guarantee.
    private static bool IsSet(IEnumerable value)
    {
        for (var type = value.GetType(); type != null; type = type.BaseType)
        {
            if (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(HashSet<>) || type.GetGenericTypeDefinition() == typeof(SortedSet<>)))
            {
                return true;
            }
        }

        return false;
    }

    private static void AppendFloat(StringBuilder builder, double value)
    {
        if (double.IsNaN(value))
        {
            builder.Append("float('nan')");
        }
        else if (double.IsPositiveInfinity(value))
        {
            builder.Append("float('inf')");
        }
        else if (double.IsNegativeInfinity(value))
        {
            builder.Append("float('-inf')");
        }
        else
        {
            var text = value.ToString("R", CultureInfo.InvariantCulture);
            builder.Append(text);
            if (text.IndexOf('.') < 0 && text.IndexOf('E') < 0)
            {
                // Without a point the board would read an int.
                builder.Append(".0");
            }
        }
    }

    private static void AppendString(StringBuilder builder, string value)
    {
        foreach (var c in value)
        {
            if (c > 0x7f)
            {
                byte[] utf8;
                try
                {
                    utf8 = new UTF8Encoding(false, true).GetBytes(value);
                }
                catch (EncoderFallbackException e)
                {
                    throw new ArgumentException("The text holds a lone UTF-16 surrogate, which cannot be sent to a board.", nameof(value), e);
                }

                builder.Append("str(");
                AppendBytes(builder, utf8);
                builder.Append(",'utf-8')");
                return;
            }
        }

        builder.Append('\'');
        foreach (var c in value)
        {
            AppendAsciiChar(builder, c);
        }

        builder.Append('\'');
    }

    private static void AppendBytes(StringBuilder builder, byte[] value)
    {
        builder.Append("b'");
        foreach (var b in value)
        {
            AppendAsciiChar(builder, (char)b);
        }

        builder.Append('\'');
    }

    private static void AppendAsciiChar(StringBuilder builder, char c)
    {
        switch (c)
        {
            case '\\':
                builder.Append("\\\\");
                break;
            case '\'':
                builder.Append("\\'");
                break;
            case '\n':
                builder.Append("\\n");
                break;
            case '\r':
                builder.Append("\\r");
                break;
            case '\t':
                builder.Append("\\t");
                break;
            default:
                if (c < 0x20 || c > 0x7e)
                {
                    builder.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                }
                else
                {
                    builder.Append(c);
                }

                break;
        }
    }
}
