using System.Globalization;
using System.Numerics;

namespace MicroPythonRomfs.Mpy.Compiler;

/// <summary>Turns the lexer's number text into values, with upstream's acceptance rules.</summary>
internal static class NumberParser
{
    public static BigInteger ParseInteger(string text, int line)
    {
        var s = text;
        var radix = 10;
        if (s.Length > 1 && s[0] == '0' && "xXoObB".IndexOf(s[1]) >= 0)
        {
            radix = char.ToLowerInvariant(s[1]) switch { 'x' => 16, 'o' => 8, _ => 2 };
            s = s.Substring(2);
        }
        else if (s.Length > 1 && s[0] == '0')
        {
            // Upstream's "base 1": a literal with a leading zero may only hold zeros, and is refused as base 0.
            foreach (var c in s)
            {
                if (c != '0')
                {
                    throw InvalidInteger(0, s, line);
                }
            }

            return BigInteger.Zero;
        }

        if (s.Length == 0)
        {
            throw InvalidInteger(radix, s, line);
        }

        BigInteger value = BigInteger.Zero;
        foreach (var c in s)
        {
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'z' ? c - 'a' + 10 : c >= 'A' && c <= 'Z' ? c - 'A' + 10 : 99;
            if (d >= radix)
            {
                throw InvalidInteger(radix, s, line);
            }

            value = (value * radix) + d;
        }

        return value;
    }

    // Upstream's detailed message quotes the digits after any base prefix.
    private static MpySyntaxException InvalidInteger(int radix, string digits, int line) =>
        MpySyntaxException.Syntax($"invalid syntax for integer with base {radix.ToString(CultureInfo.InvariantCulture)}: '{digits}'", line);

    public static object ParseFloat(string text, int line)
    {
        var s = text;
        var imag = false;
        if (s.EndsWith("j", StringComparison.OrdinalIgnoreCase))
        {
            imag = true;
            s = s.Substring(0, s.Length - 1);
        }

        if (s.Length == 0 || MicroPythonFloat.ParseInternal(s, out var d) != s.Length)
        {
            throw MpySyntaxException.Syntax("invalid syntax for number", line);
        }

        return imag ? new PyComplex(0.0, d) : d;
    }
}
