using System.Numerics;

namespace MicroPythonRomfs.Mpy.Compiler;

/// <summary>
/// A software x87 80-bit extended float (64-bit mantissa, round to nearest even). Upstream mpy-cross on x86-64
/// parses and prints floats through <c>long double</c> arithmetic, and its exact digits depend on that rounding.
/// Only non-negative finite values are needed.
/// </summary>
internal readonly struct ExtendedFloat
{
    // Value = Mantissa * 2^Exponent; Mantissa has its top bit set unless the value is zero.
    private ExtendedFloat(ulong mantissa, int exponent)
    {
        Mantissa = mantissa;
        Exponent = exponent;
    }

    public ulong Mantissa { get; }

    public int Exponent { get; }

    public bool IsZero => Mantissa == 0;

    public static ExtendedFloat FromUInt64(ulong value) => Round(new BigInteger(value), 0);

    public static ExtendedFloat FromDouble(double value)
    {
        if (value == 0)
        {
            return default;
        }

        var bits = BitConverter.DoubleToInt64Bits(value) & long.MaxValue;
        var exp = (int)(bits >> 52);
        var frac = bits & ((1L << 52) - 1);
        return exp == 0 ? Round(new BigInteger(frac), -1074) : Round(new BigInteger(frac | (1L << 52)), exp - 1075);
    }

    public static ExtendedFloat operator *(ExtendedFloat a, ExtendedFloat b) =>
        a.IsZero || b.IsZero ? default : Round(new BigInteger(a.Mantissa) * b.Mantissa, a.Exponent + b.Exponent);

    public static ExtendedFloat operator /(ExtendedFloat a, ExtendedFloat b)
    {
        if (a.IsZero)
        {
            return default;
        }

        var q = BigInteger.DivRem(new BigInteger(a.Mantissa) << 130, b.Mantissa, out var rem);
        q = (q << 1) | (rem.IsZero ? BigInteger.Zero : BigInteger.One);
        return Round(q, a.Exponent - b.Exponent - 131);
    }

    public static ExtendedFloat operator +(ExtendedFloat a, ExtendedFloat b)
    {
        if (a.IsZero)
        {
            return b;
        }

        if (b.IsZero)
        {
            return a;
        }

        var e = Math.Min(a.Exponent, b.Exponent);
        var sum = (new BigInteger(a.Mantissa) << (a.Exponent - e)) + (new BigInteger(b.Mantissa) << (b.Exponent - e));
        return Round(sum, e);
    }

    /// <summary>Truncates toward zero to an unsigned 64-bit integer (the value must fit).</summary>
    public ulong ToUInt64()
    {
        if (IsZero || Exponent <= -64)
        {
            return 0;
        }

        return Exponent >= 0 ? Mantissa << Exponent : Mantissa >> -Exponent;
    }

    /// <summary>Rounds to the nearest double (ties to even), with subnormals and overflow to infinity.</summary>
    public double ToDouble()
    {
        if (IsZero)
        {
            return 0.0;
        }

        // Bit length of the value's integer part plus fraction: the top bit is at Exponent + 63.
        var top = Exponent + 63;
        int shift;
        if (top >= -1022)
        {
            shift = 64 - 53;
        }
        else
        {
            // Subnormal: the quantum is 2^-1074.
            shift = -1074 - Exponent;
        }

        if (shift <= 0)
        {
            var m = Mantissa;
            return Compose(new BigInteger(m) << -shift, -1074);
        }

        var n = new BigInteger(Mantissa);
        BigInteger q = shift >= 128 ? BigInteger.Zero : n >> shift;
        var rem = shift >= 128 ? n : n - (q << shift);
        var half = BigInteger.One << (shift - 1);
        if (rem > half || (rem == half && !q.IsEven))
        {
            q += 1;
        }

        return Compose(q, Exponent + shift);
    }

    private static double Compose(BigInteger m, int e)
    {
        if (m.IsZero)
        {
            return 0.0;
        }

        // Normalise to 53 bits where possible.
        var bits = (int)BitLength(m);
        if (bits > 53)
        {
            m >>= bits - 53;
            e += bits - 53;
        }

        while (BitLength(m) < 53 && e > -1074)
        {
            m <<= 1;
            e -= 1;
        }

        if (BitLength(m) == 53)
        {
            var biased = e + 1075;
            if (biased >= 2047)
            {
                return double.PositiveInfinity;
            }

            var frac = (long)(m & ((BigInteger.One << 52) - 1));
            return BitConverter.Int64BitsToDouble(((long)biased << 52) | frac);
        }

        return BitConverter.Int64BitsToDouble((long)m);
    }

    private static long BitLength(BigInteger m)
    {
        long n = 0;
        var bytes = m.ToByteArray();
        var last = bytes.Length - 1;
        while (last > 0 && bytes[last] == 0)
        {
            last--;
        }

        n = last * 8L;
        var b = bytes[last];
        while (b != 0)
        {
            n++;
            b >>= 1;
        }

        return n;
    }

    private static ExtendedFloat Round(BigInteger n, int exponent)
    {
        if (n.IsZero)
        {
            return default;
        }

        var bits = (int)BitLength(n);
        if (bits <= 64)
        {
            return new ExtendedFloat((ulong)(n << (64 - bits)), exponent - (64 - bits));
        }

        var shift = bits - 64;
        var q = n >> shift;
        var rem = n - (q << shift);
        var half = BigInteger.One << (shift - 1);
        if (rem > half || (rem == half && !q.IsEven))
        {
            q += 1;
            if (BitLength(q) > 64)
            {
                q >>= 1;
                shift++;
            }
        }

        return new ExtendedFloat((ulong)q, exponent + shift);
    }
}
