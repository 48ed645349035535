using System.Collections;
using System.Numerics;

namespace MicroPythonRomfs.Device;

/// <summary>
/// Compares values produced by <see cref="PythonLiteral.Parse(string)"/> by content, the way Python compares them:
/// byte arrays, tuples, lists, dicts and sets are equal when their items are, and an int equals the same number
/// whether it is held as <see cref="long"/> or <see cref="BigInteger"/>. Used as the key comparer of parsed dicts and sets.
/// </summary>
public sealed class PythonValueComparer : IEqualityComparer<object?>
{
    /// <summary>The shared instance.</summary>
    public static PythonValueComparer Instance { get; } = new PythonValueComparer();

    private PythonValueComparer()
    {
    }

    /// <summary>Whether two parsed values are equal by content.</summary>
    /// <param name="x">The first value.</param>
    /// <param name="y">The second value.</param>
    /// <returns><see langword="true"/> when they are equal.</returns>
    public new bool Equals(object? x, object? y)
    {
        if (ReferenceEquals(x, y))
        {
            return true;
        }

        if (x is null || y is null)
        {
            return false;
        }

        if (IsInteger(x) && IsInteger(y))
        {
            return ToBig(x) == ToBig(y);
        }

        switch (x)
        {
            case double dx when y is double dy:
                return dx.Equals(dy);
            case byte[] bx when y is byte[] by:
                return bx.AsSpan().SequenceEqual(by);
            case object?[] tx when y is object?[] ty:
                return SequenceEqual(tx, ty);
            case List<object?> lx when y is List<object?> ly:
                return SequenceEqual(lx, ly);
            case IDictionary dx when y is IDictionary dy:
                return DictionaryEqual(dx, dy);
            case HashSet<object> sx when y is HashSet<object> sy:
                return sx.Count == sy.Count && sx.All(item => sy.Contains(item));
            default:
                return x.GetType() == y.GetType() && x.Equals(y);
        }
    }

    /// <summary>A hash code consistent with <see cref="Equals(object, object)"/>.</summary>
    /// <param name="obj">The value.</param>
    /// <returns>The hash code.</returns>
    public int GetHashCode(object? obj)
    {
        switch (obj)
        {
            case null:
                return 0;
            case long or int or BigInteger:
                return ToBig(obj).GetHashCode();
            case byte[] bytes:
                {
                    var hash = 17;
                    foreach (var b in bytes)
                    {
                        hash = unchecked((hash * 31) + b);
                    }

                    return hash;
                }

            case object?[] tuple:
                {
                    var hash = 19;
                    foreach (var item in tuple)
                    {
                        hash = unchecked((hash * 31) + GetHashCode(item));
                    }

                    return hash;
                }

            case IEnumerable and not string:
                // Mutable containers are not hashable in Python; a constant keeps Equals consistent.
                return 23;
            default:
                return obj.GetHashCode();
        }
    }

    private static bool IsInteger(object value) => value is long or int or BigInteger;

    private static BigInteger ToBig(object value) => value switch
    {
        long l => l,
        int i => i,
        _ => (BigInteger)value,
    };

    private bool SequenceEqual(IList<object?> x, IList<object?> y)
    {
        if (x.Count != y.Count)
        {
            return false;
        }

        for (var i = 0; i < x.Count; i++)
        {
            if (!Equals(x[i], y[i]))
            {
                return false;
            }
        }

        return true;
    }

    private bool DictionaryEqual(IDictionary x, IDictionary y)
    {
        if (x.Count != y.Count)
        {
            return false;
        }

        foreach (DictionaryEntry entry in x)
        {
            if (!y.Contains(entry.Key) || !Equals(entry.Value, y[entry.Key]))
            {
                return false;
            }
        }

        return true;
    }
}
