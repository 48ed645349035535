namespace MicroPythonRomfs.Partitions.Transfer;

/// <summary>A canonical Huffman code: a bit length and a code for each symbol, as deflate defines them.</summary>
internal sealed class HuffmanCode
{
    private HuffmanCode(byte[] lengths, uint[] codes)
    {
        Lengths = lengths;
        Codes = codes;
    }

    public byte[] Lengths { get; }

    public uint[] Codes { get; }

    /// <summary>Builds a length-limited code for the given symbol frequencies.</summary>
    /// <remarks>
    /// When the optimal tree is deeper than <paramref name="maxLength"/>, frequencies are flattened and the tree
    /// rebuilt; that costs a little compression on pathological inputs and keeps the builder simple.
    /// </remarks>
    public static HuffmanCode FromFrequencies(ReadOnlySpan<int> frequencies, int maxLength)
    {
        var freq = frequencies.ToArray();
        for (var attempt = 0; ; attempt++)
        {
            var lengths = BuildLengths(freq);
            var deepest = 0;
            foreach (var l in lengths)
            {
                deepest = Math.Max(deepest, l);
            }

            if (deepest <= maxLength)
            {
                return FromLengths(lengths);
            }

            for (var i = 0; i < freq.Length; i++)
            {
                if (freq[i] > 0)
                {
                    freq[i] = Math.Max(1, freq[i] >> 1);
                }
            }

            if (attempt > 64)
            {
                throw new InvalidOperationException("Huffman length limiting did not converge.");
            }
        }
    }

    /// <summary>Assigns canonical codes to the given lengths (RFC 1951 section 3.2.2).</summary>
    public static HuffmanCode FromLengths(byte[] lengths)
    {
        var maxLength = 0;
        foreach (var l in lengths)
        {
            maxLength = Math.Max(maxLength, l);
        }

        var lengthCounts = new int[maxLength + 2];
        foreach (var l in lengths)
        {
            if (l > 0)
            {
                lengthCounts[l]++;
            }
        }

        var nextCode = new uint[maxLength + 2];
        uint code = 0;
        for (var bits = 1; bits <= maxLength; bits++)
        {
            code = (code + (uint)lengthCounts[bits - 1]) << 1;
            nextCode[bits] = code;
        }

        var codes = new uint[lengths.Length];
        for (var symbol = 0; symbol < lengths.Length; symbol++)
        {
            var l = lengths[symbol];
            if (l != 0)
            {
                codes[symbol] = nextCode[l]++;
            }
        }

        return new HuffmanCode(lengths, codes);
    }

    private static byte[] BuildLengths(int[] freq)
    {
        var lengths = new byte[freq.Length];
        var nodes = new List<(long Weight, int Left, int Right, int Symbol)>();
        var queue = new SortedSet<(long Weight, int Order)>();
        for (var s = 0; s < freq.Length; s++)
        {
            if (freq[s] > 0)
            {
                nodes.Add((freq[s], -1, -1, s));
                queue.Add((freq[s], nodes.Count - 1));
            }
        }

        if (nodes.Count == 0)
        {
            return lengths;
        }

        if (nodes.Count == 1)
        {
            // A single used symbol still needs a one-bit code.
            lengths[nodes[0].Symbol] = 1;
            return lengths;
        }

        while (queue.Count > 1)
        {
            var a = queue.Min;
            queue.Remove(a);
            var b = queue.Min;
            queue.Remove(b);
            nodes.Add((a.Weight + b.Weight, a.Order, b.Order, -1));
            queue.Add((a.Weight + b.Weight, nodes.Count - 1));
        }

        // Walk the tree iteratively to give each leaf its depth.
        var stack = new Stack<(int Node, int Depth)>();
        stack.Push((nodes.Count - 1, 0));
        while (stack.Count > 0)
        {
            var (index, depth) = stack.Pop();
            var node = nodes[index];
            if (node.Symbol >= 0)
            {
                lengths[node.Symbol] = (byte)Math.Max(1, depth);
            }
            else
            {
                stack.Push((node.Left, depth + 1));
                stack.Push((node.Right, depth + 1));
            }
        }

        return lengths;
    }
}
