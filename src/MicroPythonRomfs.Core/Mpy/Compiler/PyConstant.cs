using System.Globalization;
using System.Numerics;
using System.Text;

namespace MicroPythonRomfs.Mpy.Compiler;

/// <summary>
/// Compile-time Python values: <see cref="BigInteger"/> for int, <see cref="double"/> for float, <see cref="bool"/>,
/// <see cref="string"/> for str, and the wrapper types below for the rest. Upstream keeps these as objects in its
/// parse tree and constant table; equality here is upstream's "strictly equal" (same type and value).
/// </summary>
internal static class PyConstant
{
    public static readonly object None = new PySingleton("None");
    public static readonly object Ellipsis = new PySingleton("Ellipsis");

    public static bool IsInt(object? o) => o is BigInteger || o is bool;

    public static bool IsNumber(object? o) => o is BigInteger || o is double;

    public static bool StrictlyEqual(object a, object b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a.GetType() != b.GetType())
        {
            return false;
        }

        switch (a)
        {
            case PyTuple ta:
                var tb = (PyTuple)b;
                if (ta.Items.Length != tb.Items.Length)
                {
                    return false;
                }

                for (var i = 0; i < ta.Items.Length; i++)
                {
                    if (!StrictlyEqual(ta.Items[i], tb.Items[i]))
                    {
                        return false;
                    }
                }

                return true;
            case double da:
                // Upstream keeps 0.0 and -0.0 as separate constants, so compare the bits.
                return BitConverter.DoubleToInt64Bits(da) == BitConverter.DoubleToInt64Bits((double)b);
            case PyBytes ba:
                return ba.Data.AsSpan().SequenceEqual(((PyBytes)b).Data);
            default:
                return a.Equals(b);
        }
    }

    public static bool IsTrue(object o) => o switch
    {
        bool b => b,
        BigInteger i => !i.IsZero,
        double d => d != 0.0,
        PyComplex c => c.Real != 0.0 || c.Imag != 0.0,
        string s => s.Length != 0,
        PyBytes b => b.Data.Length != 0,
        PyTuple t => t.Items.Length != 0,
        _ => !ReferenceEquals(o, None),
    };

    /// <summary>The text upstream's <c>repr</c> gives for a number, which is how .mpy stores numbers.</summary>
    public static string Repr(object o) => o switch
    {
        BigInteger i => i.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "True" : "False",
        double d => FloatRepr(d, true),
        PyComplex c => ComplexRepr(c),
        _ => throw new InvalidOperationException("No numeric repr for " + o.GetType().Name),
    };

    public static string FloatRepr(double d, bool withPointZero)
    {
        if (double.IsNaN(d))
        {
            return "nan";
        }

        if (double.IsInfinity(d))
        {
            return d > 0 ? "inf" : "-inf";
        }

        if (d == 0)
        {
            var zero = withPointZero ? "0.0" : "0";
            return (1 / d) < 0 ? "-" + zero : zero;
        }

        // "R" gives the shortest digits that round-trip; rebuild the text the way Python's repr lays it out.
        var r = d.ToString("E16", CultureInfo.InvariantCulture);
        var shortest = d.ToString("R", CultureInfo.InvariantCulture);
        var negative = shortest.StartsWith("-", StringComparison.Ordinal);
        if (negative)
        {
            shortest = shortest.Substring(1);
        }

        _ = r;
        string mantissa;
        int exponent;
        var ePos = shortest.IndexOfAny(new[] { 'E', 'e' });
        if (ePos >= 0)
        {
            mantissa = shortest.Substring(0, ePos);
            exponent = int.Parse(shortest.Substring(ePos + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }
        else
        {
            mantissa = shortest;
            exponent = 0;
        }

        var dot = mantissa.IndexOf('.');
        string intPart = dot >= 0 ? mantissa.Substring(0, dot) : mantissa;
        string fracPart = dot >= 0 ? mantissa.Substring(dot + 1) : string.Empty;
        var digits = (intPart + fracPart).TrimStart('0');
        var leadingZeros = (intPart + fracPart).Length - (intPart + fracPart).TrimStart('0').Length;
        var decimalExponent = intPart.Length - leadingZeros - 1 + exponent;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        var sb = new StringBuilder();
        if (negative)
        {
            sb.Append('-');
        }

        if (decimalExponent >= -4 && decimalExponent < 16)
        {
            if (decimalExponent >= 0)
            {
                var whole = digits.Length > decimalExponent + 1 ? digits.Substring(0, decimalExponent + 1) : digits.PadRight(decimalExponent + 1, '0');
                var frac = digits.Length > decimalExponent + 1 ? digits.Substring(decimalExponent + 1) : string.Empty;
                sb.Append(whole);
                if (frac.Length > 0)
                {
                    sb.Append('.').Append(frac);
                }
                else if (withPointZero)
                {
                    sb.Append(".0");
                }
            }
            else
            {
                sb.Append("0.").Append('0', -decimalExponent - 1).Append(digits);
            }
        }
        else
        {
            sb.Append(digits[0]);
            if (digits.Length > 1)
            {
                sb.Append('.').Append(digits.Substring(1));
            }

            sb.Append('e').Append(decimalExponent < 0 ? '-' : '+');
            sb.Append(Math.Abs(decimalExponent).ToString("00", CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    private static string ComplexRepr(PyComplex c)
    {
        if (c.Real == 0 && !(1 / c.Real < 0))
        {
            return FloatRepr(c.Imag, false) + "j";
        }

        var imag = FloatRepr(c.Imag, false);
        if (!imag.StartsWith("-", StringComparison.Ordinal) && !double.IsNaN(c.Imag))
        {
            imag = "+" + imag;
        }

        return "(" + FloatRepr(c.Real, false) + imag + "j)";
    }
}

/// <summary>None and Ellipsis.</summary>
internal sealed class PySingleton
{
    public PySingleton(string name) => Name = name;

    public string Name { get; }

    public override string ToString() => Name;
}

/// <summary>A complex number constant.</summary>
internal sealed record PyComplex(double Real, double Imag);

/// <summary>A bytes constant.</summary>
internal sealed class PyBytes
{
    public PyBytes(byte[] data) => Data = data;

    public byte[] Data { get; }
}

/// <summary>A tuple constant (upstream folds tuples of constants into one object).</summary>
internal sealed class PyTuple
{
    public PyTuple(object[] items) => Items = items;

    public object[] Items { get; }
}
