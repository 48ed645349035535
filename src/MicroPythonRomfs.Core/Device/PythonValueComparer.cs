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
        // Keyed with a seed chosen per process: a board cannot craft many keys with one hash and make filling a
        // dict or set quadratic.
        var hash = Hash(obj);
        return unchecked((int)(hash ^ (hash >> 32)));
    }

    private static readonly ulong Seed = NewSeed();

    private static ulong NewSeed()
    {
        var bytes = Guid.NewGuid().ToByteArray();
        return BitConverter.ToUInt64(bytes, 0) ^ BitConverter.ToUInt64(bytes, 8);
    }

    private static ulong Mix(ulong state, ulong value)
    {
        unchecked
        {
            state ^= value;
            state *= 0x9E3779B97F4A7C15UL;
            state ^= state >> 29;
            state *= 0xBF58476D1CE4E5B9UL;
            return state ^ (state >> 32);
        }
    }

    private ulong Hash(object? obj)
    {
        switch (obj)
        {
            case null:
                return Mix(Seed, 0);
            case long l:
                return Mix(Seed ^ 1, unchecked((ulong)l));
            case int i:
                return Mix(Seed ^ 1, unchecked((ulong)(long)i));
            case BigInteger big when big >= long.MinValue && big <= long.MaxValue:
                return Mix(Seed ^ 1, unchecked((ulong)(long)big));
            case BigInteger big:
                return MixBytes(Seed ^ 2, big.ToByteArray());
            case double d:
                // Equal doubles hash alike: 0.0 equals -0.0, and every NaN equals every other here.
                return Mix(Seed ^ 3, d == 0 ? 0 : double.IsNaN(d) ? 1 : unchecked((ulong)BitConverter.DoubleToInt64Bits(d)));
            case bool b:
                return Mix(Seed ^ 4, b ? 1UL : 0UL);
            case string s:
            {
                var state = Seed ^ 5;
                foreach (var c in s)
                {
                    state = Mix(state, c);
                }

                return Mix(state, (ulong)s.Length);
            }

            case byte[] bytes:
                return MixBytes(Seed ^ 6, bytes);
            case object?[] tuple:
            {
                var state = Seed ^ 7;
                foreach (var item in tuple)
                {
                    state = Mix(state, Hash(item));
                }

                return Mix(state, (ulong)tuple.Length);
            }

            case IEnumerable:
                // Mutable containers are not hashable in Python; a constant keeps Equals consistent.
                return 23;
            default:
                return unchecked((ulong)obj.GetHashCode());
        }
    }

    private static ulong MixBytes(ulong state, byte[] bytes)
    {
        var i = 0;
        for (; i + 8 <= bytes.Length; i += 8)
        {
            state = Mix(state, BitConverter.ToUInt64(bytes, i));
        }

        ulong tail = 0;
        for (var shift = 0; i < bytes.Length; i++, shift += 8)
        {
            tail |= (ulong)bytes[i] << shift;
        }

        return Mix(Mix(state, tail), (ulong)bytes.Length);
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
