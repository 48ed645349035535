using System.Text;

namespace MicroPythonRomfs.Mpy.Compiler;

/// <summary>
/// Upstream's float parsing (py/parsenum.c) and repr (py/formatfloat.c, the exact implementation mpy-cross uses on
/// x86-64), reproduced step for step because the .mpy stores floats as their repr text.
/// </summary>
internal static class MicroPythonFloat
{
    private const ulong MantissaMax = 0x1999999999999998UL;
    private const int SafeMantissaDigits = 16;
    private const int MaxMantissaDigits = 19;

    private static readonly ExtendedFloat Ten = ExtendedFloat.FromUInt64(10);

    /// <summary>num * 10^decExp, by repeated squaring in extended precision as upstream does.</summary>
    public static ExtendedFloat DecimalExp(ExtendedFloat num, int decExp)
    {
        if (decExp == 0 || num.IsZero)
        {
            return num;
        }

        var neg = decExp < 0;
        if (neg)
        {
            decExp = -decExp;
        }

        var res = num;
        var expo = Ten;
        while (decExp != 0)
        {
            if ((decExp & 1) != 0)
            {
                res = neg ? res / expo : res * expo;
            }

            decExp >>= 1;
            if (decExp != 0)
            {
                expo *= expo;
            }
        }

        return res;
    }

    /// <summary>Parses an unsigned decimal (digits, '.', exponent, underscores); returns the number of characters used.</summary>
    public static int ParseInternal(string s, out double result)
    {
        const int intg = 0, frac = 1, exp = 2;
        var state = intg;
        var expNeg = false;
        ulong mantissa = 0;
        var expVal = 0;
        var expExtra = 0;
        int zerosIntg = 0, zerosFrac = 0;
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i++];
            if (c >= '0' && c <= '9')
            {
                var dig = (uint)(c - '0');
                if (state == exp)
                {
                    if (expVal < ((int.MaxValue / 2) - 9) / 10)
                    {
                        expVal = (10 * expVal) + (int)dig;
                    }
                }
                else if (dig == 0 || mantissa >= MantissaMax)
                {
                    if (state == intg)
                    {
                        zerosIntg++;
                    }
                    else
                    {
                        zerosFrac++;
                    }
                }
                else
                {
                    while (zerosIntg > 0)
                    {
                        mantissa = AcceptDigit(mantissa, 0, ref expExtra, intg);
                        zerosIntg--;
                    }

                    while (zerosFrac > 0)
                    {
                        mantissa = AcceptDigit(mantissa, 0, ref expExtra, frac);
                        zerosFrac--;
                    }

                    mantissa = AcceptDigit(mantissa, dig, ref expExtra, state);
                }
            }
            else if (state == intg && c == '.')
            {
                state = frac;
            }
            else if (state != exp && (c | 0x20) == 'e')
            {
                state = exp;
                if (i < s.Length)
                {
                    if (s[i] == '+')
                    {
                        i++;
                    }
                    else if (s[i] == '-')
                    {
                        i++;
                        expNeg = true;
                    }
                }

                if (i == s.Length)
                {
                    // An exponent with no digits: upstream refuses the number.
                    result = 0;
                    return -1;
                }
            }
            else if (c == '_')
            {
                continue;
            }
            else
            {
                i--;
                break;
            }
        }

        if (expNeg)
        {
            expVal = -expVal;
        }

        expVal += expExtra + zerosIntg;
        result = DecimalExp(ExtendedFloat.FromUInt64(mantissa), expVal).ToDouble();
        return i;
    }

    private static ulong AcceptDigit(ulong mantissa, uint dig, ref int expExtra, int state)
    {
        if (mantissa < MantissaMax)
        {
            if (state == 1)
            {
                expExtra--;
            }

            return (10UL * mantissa) + dig;
        }

        if (state == 0)
        {
            expExtra++;
        }

        return mantissa;
    }

    /// <summary>The text of <c>repr(f)</c>; <paramref name="pointZero"/> adds ".0" to integral values as float repr does.</summary>
    public static string Repr(double f, bool pointZero)
    {
        var text = FormatRepr(f);
        if (pointZero && text.IndexOf('.') < 0 && text.IndexOf('e') < 0 && text.IndexOf('n') < 0)
        {
            text += ".0";
        }

        return text;
    }

    // mp_format_float(f, 'g', MP_FLOAT_REPR_PREC).
    private static string FormatRepr(double fEntry)
    {
        var sign = string.Empty;
        var f = fEntry;
        if ((BitConverter.DoubleToInt64Bits(f) < 0) && !double.IsNaN(f))
        {
            f = -f;
            sign = "-";
        }

        if (double.IsInfinity(f))
        {
            return sign + "inf";
        }

        if (double.IsNaN(f))
        {
            return sign + "nan";
        }

        const int maxExpZeros = 16;
        var e = 0;
        if (f != 0)
        {
            var biased = (int)((BitConverter.DoubleToInt64Bits(f) >> 52) & 0x7ff);
            e = (int)((biased - 1023) * 0.3010299956639812);
            var positiveExp = f >= 1.0;
            var uBase = DecimalExp(ExtendedFloat.FromUInt64(1), e + (positiveExp ? 1 : 0)).ToDouble();
            while ((f >= uBase) == positiveExp)
            {
                e += positiveExp ? 1 : -1;
                uBase = DecimalExp(ExtendedFloat.FromUInt64(1), e + (positiveExp ? 1 : 0)).ToDouble();
            }
        }

        var maxDigits = MaxMantissaDigits;
        var numDigits = Math.Min(SafeMantissaDigits, maxDigits);
        while (true)
        {
            var extraZeros = maxDigits - numDigits;
            var decexp = f == 0 ? 0 : numDigits - e - 1;
            ulong cap = 10;
            for (var n = 1; n < numDigits; n++)
            {
                cap *= 10;
            }

            var mantissaF = DecimalExp(ExtendedFloat.FromDouble(f), decexp);
            var mantissa = (mantissaF + ExtendedFloat.FromDouble(0.5)).ToUInt64();
            var text = FormatMantissa(mantissa, cap, numDigits, maxExpZeros, extraZeros, 0, e);
            if (numDigits < maxDigits)
            {
                ParseInternal(text, out var check);
                if (check != f)
                {
                    numDigits++;
                    continue;
                }
            }

            return sign + text;
        }
    }

    private static string FormatMantissa(ulong mantissa, ulong cap, int numDigits, int maxExpZeros, int trailingZeros, int dec, int e)
    {
        var sb = new StringBuilder();
        if (mantissa != 0 && mantissa >= cap)
        {
            mantissa /= 10;
            e++;
        }

        var dotFromPrefix = false;
        if (e != 0)
        {
            if (e >= 0)
            {
                if (e < maxExpZeros)
                {
                    dec += e;
                    if (dec >= numDigits)
                    {
                        trailingZeros = dec - (numDigits - 1);
                    }

                    e = 0;
                }
            }
            else if (e >= -4)
            {
                var cnt = 0;
                while (e < 0 && mantissa % 10 == 0)
                {
                    mantissa /= 10;
                    cnt++;
                    e++;
                }

                numDigits -= cnt;
                sb.Append("0.");
                sb.Append('0', Math.Max(0, cnt - e - 1));
                dec = 255;
                dotFromPrefix = true;
                e = 0;
            }
        }

        var digits = new char[numDigits];
        for (var d = numDigits - 1; d >= 0; d--)
        {
            digits[d] = (char)('0' + (int)(mantissa % 10));
            mantissa /= 10;
        }

        var dot = dotFromPrefix || dec >= 255;
        if (dec + 1 < numDigits)
        {
            dot = true;
            sb.Append(digits, 0, dec + 1).Append('.').Append(digits, dec + 1, numDigits - dec - 1);
        }
        else
        {
            sb.Append(digits);
        }

        if (trailingZeros > 0)
        {
            dec -= numDigits - 1;
            while (trailingZeros-- > 0)
            {
                if (dec-- == 0)
                {
                    sb.Append('.');
                    dot = true;
                }

                sb.Append('0');
            }
        }

        if (dot)
        {
            while (sb.Length > 0 && sb[sb.Length - 1] == '0')
            {
                sb.Length--;
            }

            if (sb.Length > 0 && sb[sb.Length - 1] == '.')
            {
                sb.Length--;
            }
        }

        if (e != 0)
        {
            sb.Append('e').Append(e >= 0 ? '+' : '-');
            if (e < 0)
            {
                e = -e;
            }

            if (e >= 100)
            {
                sb.Append((char)('0' + (e / 100)));
            }

            sb.Append((char)('0' + ((e / 10) % 10))).Append((char)('0' + (e % 10)));
        }

        return sb.ToString();
    }
}
