using System.Globalization;
using System.Numerics;

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

    /// <summary>A text key equal for two values exactly when <see cref="StrictlyEqual"/> holds, for hashing.</summary>
    public static string StrictKey(object o) => o switch
    {
        string s => "s" + s,
        BigInteger i => "i" + i.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "T" : "F",
        double d => "f" + BitConverter.DoubleToInt64Bits(d).ToString(CultureInfo.InvariantCulture),
        PyComplex c => "c" + BitConverter.DoubleToInt64Bits(c.Real).ToString(CultureInfo.InvariantCulture) + "," + BitConverter.DoubleToInt64Bits(c.Imag).ToString(CultureInfo.InvariantCulture),
        PyBytes b => "b" + Convert.ToBase64String(b.Data),
        PyTuple t => "t" + t.Items.Length.ToString(CultureInfo.InvariantCulture) + "(" + string.Join(")(", t.Items.Select(StrictKey)) + ")",
        _ => "o" + o,
    };

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

    public static string FloatRepr(double d, bool withPointZero) => MicroPythonFloat.Repr(d, withPointZero);

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
