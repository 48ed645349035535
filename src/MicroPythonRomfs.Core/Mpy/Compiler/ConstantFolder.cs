using System.Numerics;

namespace MicroPythonRomfs.Mpy.Compiler;

/// <summary>
/// Folds numeric constant expressions as upstream's parser does: every operand must be an int or float constant,
/// and an operation that would raise (division by zero, negative shift, a complex result) leaves the rule unfolded.
/// </summary>
internal static class ConstantFolder
{
    public static object? TryFold(RuleKind kind, IReadOnlyList<ParseNode?> args)
    {
        switch (kind)
        {
            case RuleKind.Expr:
            case RuleKind.XorExpr:
            case RuleKind.AndExpr:
            case RuleKind.Power:
            {
                var op = kind switch
                {
                    RuleKind.Expr => TokenKind.OpPipe,
                    RuleKind.XorExpr => TokenKind.OpCaret,
                    RuleKind.AndExpr => TokenKind.OpAmpersand,
                    _ => TokenKind.OpDblStar,
                };

                // Upstream folds from the last operand backwards for these (it only matters for **).
                if (kind == RuleKind.Power)
                {
                    var b = Number(args[0]);
                    var e = Number(args[1]);
                    return b == null || e == null ? null : BinaryOp(op, b, e);
                }

                var acc = Number(args[0]);
                if (acc == null)
                {
                    return null;
                }

                for (var i = 1; i < args.Count; i++)
                {
                    var n = Number(args[i]);
                    if (n == null)
                    {
                        return null;
                    }

                    acc = BinaryOp(op, acc, n);
                    if (acc == null)
                    {
                        return null;
                    }
                }

                return acc;
            }

            case RuleKind.ShiftExpr:
            case RuleKind.ArithExpr:
            case RuleKind.Term:
            {
                var acc = Number(args[0]);
                if (acc == null)
                {
                    return null;
                }

                for (var i = 1; i + 1 < args.Count; i += 2)
                {
                    var n = Number(args[i + 1]);
                    if (n == null)
                    {
                        return null;
                    }

                    acc = BinaryOp(((TokenNode)args[i]!).Kind, acc, n);
                    if (acc == null)
                    {
                        return null;
                    }
                }

                return acc;
            }

            case RuleKind.Factor2:
            {
                var n = Number(args[1]);
                if (n == null)
                {
                    return null;
                }

                var op = ((TokenNode)args[0]!).Kind;
                if (op == TokenKind.OpTilde)
                {
                    return n is BigInteger i ? -i - 1 : null;
                }

                if (op == TokenKind.OpMinus)
                {
                    return n is BigInteger i2 ? -i2 : (object)(-(double)n);
                }

                return n;
            }

            default:
                return null;
        }
    }

    private const int MaxFoldedBits = 4_000_000;

    private static long BitLength(BigInteger x)
    {
        var bytes = BigInteger.Abs(x).ToByteArray();
        return bytes.Length * 8L;
    }

    private static object? Number(ParseNode? pn) => pn switch
    {
        SmallIntNode s => new BigInteger(s.Value),
        ConstNode { Value: BigInteger i } => i,
        ConstNode { Value: double d } => d,
        _ => null,
    };

    public static object? BinaryOp(TokenKind op, object a, object b)
    {
        if (a is BigInteger x && b is BigInteger y)
        {
            switch (op)
            {
                case TokenKind.OpPipe: return x | y;
                case TokenKind.OpCaret: return x ^ y;
                case TokenKind.OpAmpersand: return x & y;
                case TokenKind.OpDblLess:
                    // Upstream folds any size its memory allows; past MaxFoldedBits the result stays unfolded
                    // rather than let hostile source exhaust memory.
                    if (y.Sign < 0 || y > MaxFoldedBits)
                    {
                        return null;
                    }

                    return x << (int)y;
                case TokenKind.OpDblMore:
                    if (y.Sign < 0)
                    {
                        return null;
                    }

                    return y > MaxFoldedBits ? (x.Sign < 0 ? BigInteger.MinusOne : BigInteger.Zero) : x >> (int)y;
                case TokenKind.OpPlus: return x + y;
                case TokenKind.OpMinus: return x - y;
                case TokenKind.OpStar: return x * y;
                case TokenKind.OpDblSlash:
                    if (y.IsZero)
                    {
                        return null;
                    }

                    return FloorDiv(x, y);
                case TokenKind.OpPercent:
                    if (y.IsZero)
                    {
                        return null;
                    }

                    return x - (FloorDiv(x, y) * y);
                case TokenKind.OpSlash:
                    if (y.IsZero)
                    {
                        return null;
                    }

                    return (double)x / (double)y;
                case TokenKind.OpDblStar:
                    if (y.Sign < 0)
                    {
                        if (x.IsZero)
                        {
                            return null;
                        }

                        return Math.Pow((double)x, (double)y);
                    }

                    if (!x.IsZero && !x.IsOne && x != BigInteger.MinusOne && y * BitLength(x) > MaxFoldedBits)
                    {
                        return null;
                    }

                    return y > int.MaxValue ? (x.IsZero ? BigInteger.Zero : x.IsOne ? BigInteger.One : (y.IsEven ? BigInteger.One : BigInteger.MinusOne)) : BigInteger.Pow(x, (int)y);
                default:
                    return null;
            }
        }

        if (!(a is BigInteger || a is double) || !(b is BigInteger || b is double))
        {
            return null;
        }

        var fa = a is BigInteger ia ? (double)ia : (double)a;
        var fb = b is BigInteger ib ? (double)ib : (double)b;
        switch (op)
        {
            case TokenKind.OpPlus: return fa + fb;
            case TokenKind.OpMinus: return fa - fb;
            case TokenKind.OpStar: return fa * fb;
            case TokenKind.OpSlash:
                if (fb == 0)
                {
                    return null;
                }

                return fa / fb;
            case TokenKind.OpDblSlash:
                if (fb == 0)
                {
                    return null;
                }

                return FloatDivMod(fa, fb).Div;
            case TokenKind.OpPercent:
                if (fb == 0)
                {
                    return null;
                }

                return FloatDivMod(fa, fb).Mod;
            case TokenKind.OpDblStar:
                if (fa == 0 && fb < 0)
                {
                    return null;
                }

                if (fa < 0 && fb != Math.Floor(fb))
                {
                    return null;
                }

                return Math.Pow(fa, fb);
            default:
                return null;
        }
    }

    private static BigInteger FloorDiv(BigInteger x, BigInteger y)
    {
        var q = BigInteger.DivRem(x, y, out var r);
        if (!r.IsZero && (r.Sign < 0) != (y.Sign < 0))
        {
            q -= 1;
        }

        return q;
    }

    private static (double Div, double Mod) FloatDivMod(double x, double y)
    {
        // Python's float floor division and modulo, as upstream's mp_obj_float_divmod computes them.
        var mod = x % y;
        var div = (x - mod) / y;
        if (mod != 0)
        {
            if ((y < 0) != (mod < 0))
            {
                mod += y;
                div -= 1.0;
            }
        }
        else
        {
            mod = y < 0 ? -0.0 : 0.0;
        }

        double floordiv;
        if (div != 0)
        {
            floordiv = Math.Floor(div);
            if (div - floordiv > 0.5)
            {
                floordiv += 1.0;
            }
        }
        else
        {
            floordiv = x / y < 0 ? -0.0 : 0.0;
        }

        return (floordiv, mod);
    }
}
