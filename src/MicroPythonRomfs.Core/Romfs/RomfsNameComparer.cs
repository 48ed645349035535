namespace MicroPythonRomfs.Romfs;

/// <summary>
/// Orders names by Unicode code point, as Python's <c>sorted()</c> does (and so as upstream mpremote orders
/// directory entries). Plain ordinal comparison of UTF-16 differs for characters above U+FFFF.
/// </summary>
public sealed class RomfsNameComparer : IComparer<string>
{
    private RomfsNameComparer()
    {
    }

    /// <summary>The shared instance.</summary>
    public static RomfsNameComparer Instance { get; } = new RomfsNameComparer();

    /// <inheritdoc/>
    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x == null)
        {
            return -1;
        }

        if (y == null)
        {
            return 1;
        }

        var length = Math.Min(x.Length, y.Length);
        for (var i = 0; i < length; i++)
        {
            var a = x[i];
            var b = y[i];
            if (a == b)
            {
                continue;
            }

            // Surrogates (U+D800..U+DFFF) encode code points above U+FFFF, so they sort after every other unit.
            var aKey = char.IsSurrogate(a) ? a + 0x10000 : a;
            var bKey = char.IsSurrogate(b) ? b + 0x10000 : b;
            return aKey.CompareTo(bKey);
        }

        return x.Length.CompareTo(y.Length);
    }
}
