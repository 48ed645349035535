using System.Text;
using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.Tests.Device;

/// <summary>Board answers built to make parsing slow: huge ints and dict keys that share one hash.</summary>
public class PythonLiteralBoundsTests
{
    [Fact]
    public void Parse_OfAnIntLongerThanPythonsOwnLimit_IsRejectedNamingTheOffset()
    {
        var text = "[1, " + new string('7', PythonLiteral.MaxIntDigits + 1) + "]";

        var error = Assert.Throws<PythonLiteralException>(() => PythonLiteral.Parse(text));

        Assert.Equal(4, error.Offset);
        Assert.Contains($"at most {PythonLiteral.MaxIntDigits}", error.Message);
    }

    [Fact]
    public void Parse_OfAnIntAtPythonsLimit_IsRead()
    {
        var value = PythonLiteral.Parse("-" + new string('9', PythonLiteral.MaxIntDigits));

        Assert.IsType<System.Numerics.BigInteger>(value);
    }

    [Fact]
    public void Hash_OfBytesKeysBuiltToCollide_SpreadsThem()
    {
        // Under a plain "hash * 31 + byte" every concatenation of the blocks 00 1f and 01 00 has one hash.
        var keys = CollidingBytes(12);
        var hashes = keys.Select(k => PythonValueComparer.Instance.GetHashCode(k)).Distinct().Count();

        Assert.True(hashes > keys.Count * 9 / 10, $"{hashes} distinct hashes for {keys.Count} keys");
    }

    [Fact]
    public void Hash_OfIntsBuiltToCollide_SpreadsThem()
    {
        // x * (2^32 + 1) has equal high and low halves, which cancel in a hash that xors them.
        var keys = Enumerable.Range(1, 4096).Select(i => (object)((long)i * ((1L << 32) + 1))).ToList();
        var hashes = keys.Select(k => PythonValueComparer.Instance.GetHashCode(k)).Distinct().Count();

        Assert.True(hashes > keys.Count * 9 / 10, $"{hashes} distinct hashes for {keys.Count} keys");
    }

    [Fact]
    public void Parse_OfASetOf65536KeysBuiltToCollide_ReadsEveryKey()
    {
        var keys = CollidingBytes(16);
        var text = new StringBuilder("{");
        foreach (var key in keys)
        {
            text.Append("b'");
            foreach (var b in key)
            {
                text.Append("\\x").Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }

            text.Append("', ");
        }

        text.Append('}');

        var set = Assert.IsType<HashSet<object>>(PythonLiteral.Parse(text.ToString()));

        Assert.Equal(keys.Count, set.Count);
    }

    [Fact]
    public void Hash_StaysConsistentWithEquality()
    {
        var comparer = PythonValueComparer.Instance;

        Assert.Equal(comparer.GetHashCode(5L), comparer.GetHashCode(new System.Numerics.BigInteger(5)));
        Assert.Equal(comparer.GetHashCode(0.0), comparer.GetHashCode(-0.0));
        Assert.Equal(comparer.GetHashCode(new object?[] { 1L, "a", new byte[] { 1 } }), comparer.GetHashCode(new object?[] { 1L, "a", new byte[] { 1 } }));
        Assert.Equal(comparer.GetHashCode(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }), comparer.GetHashCode(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }));
    }

    private static List<byte[]> CollidingBytes(int blocks)
    {
        var keys = new List<byte[]>();
        for (var pattern = 0; pattern < 1 << blocks; pattern++)
        {
            var key = new byte[blocks * 2];
            for (var i = 0; i < blocks; i++)
            {
                var one = ((pattern >> i) & 1) == 1;
                key[2 * i] = one ? (byte)0x01 : (byte)0x00;
                key[(2 * i) + 1] = one ? (byte)0x00 : (byte)0x1f;
            }

            keys.Add(key);
        }

        return keys;
    }
}
