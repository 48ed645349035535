namespace MicroPythonRomfs.Partitions.Transfer;

/// <summary>
/// Compresses data as raw deflate (RFC 1951, no zlib or gzip wrapper) whose back-references never reach further
/// than a small window, so a board can inflate it with <c>deflate.DeflateIO(stream, deflate.RAW, windowBits)</c>
/// using only <c>2^windowBits</c> bytes of RAM.
/// </summary>
/// <remarks>
/// .NET's own DeflateStream cannot be limited to a small window: its output may refer up to 32 KiB back, which a
/// board inflating with window bits 9 rejects. Each call writes one final block, choosing whichever of dynamic
/// Huffman, fixed Huffman or stored is smallest.
/// </remarks>
public static class RawDeflateEncoder
{
    private const int MinMatch = 3;
    private const int MaxMatch = 258;
    private const int MaxChain = 256;
    private const int HashBits = 14;
    private const int EndOfBlock = 256;

    private static readonly int[] LengthBase = { 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258 };
    private static readonly int[] LengthExtra = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 };
    private static readonly int[] DistanceBase = { 1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577 };
    private static readonly int[] DistanceExtra = { 0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13 };
    private static readonly byte[] CodeLengthOrder = { 16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15 };

    /// <summary>Compresses <paramref name="data"/> as one final raw deflate block.</summary>
    /// <param name="data">The bytes to compress.</param>
    /// <param name="windowBits">The board's window, 8 to 15: no back-reference reaches further than <c>2^windowBits - 1</c> bytes.</param>
    /// <returns>The raw deflate stream.</returns>
    public static byte[] Compress(ReadOnlySpan<byte> data, int windowBits = 9)
    {
        if (windowBits < 8 || windowBits > 15)
        {
            throw new ArgumentOutOfRangeException(nameof(windowBits), windowBits, "Window bits must be between 8 and 15.");
        }

        var maxDistance = (1 << windowBits) - 1;
        var tokens = FindMatches(data, maxDistance);

        var literalFrequencies = new int[286];
        var distanceFrequencies = new int[30];
        foreach (var token in tokens)
        {
            if (token.Distance == 0)
            {
                literalFrequencies[token.LengthOrLiteral]++;
            }
            else
            {
                literalFrequencies[257 + LengthSymbol(token.LengthOrLiteral)]++;
                distanceFrequencies[DistanceSymbol(token.Distance)]++;
            }
        }

        literalFrequencies[EndOfBlock]++;
        EnsureTwoSymbols(literalFrequencies);
        EnsureTwoSymbols(distanceFrequencies);

        var literalCode = HuffmanCode.FromFrequencies(literalFrequencies, 15);
        var distanceCode = HuffmanCode.FromFrequencies(distanceFrequencies, 15);
        var header = DynamicHeader.Create(literalCode.Lengths, distanceCode.Lengths);

        var dynamicBits = 3 + header.BitCost + SymbolBits(tokens, literalCode.Lengths, distanceCode.Lengths);
        var fixedLiteral = FixedLiteralLengths();
        var fixedDistance = FixedDistanceLengths();
        var fixedBits = 3 + SymbolBits(tokens, fixedLiteral, fixedDistance);
        var storedBlocks = Math.Max(1, (data.Length + 65534) / 65535);
        var storedBits = (storedBlocks * (3 + 7 + 32)) + (data.Length * 8L);

        var writer = new DeflateBitWriter((data.Length / 2) + 16);
        if (storedBits <= dynamicBits && storedBits <= fixedBits)
        {
            WriteStored(writer, data);
        }
        else if (fixedBits <= dynamicBits)
        {
            writer.WriteBits(1, 1);
            writer.WriteBits(1, 2);
            WriteSymbols(writer, tokens, HuffmanCode.FromLengths(fixedLiteral), HuffmanCode.FromLengths(fixedDistance));
        }
        else
        {
            writer.WriteBits(1, 1);
            writer.WriteBits(2, 2);
            header.Write(writer);
            WriteSymbols(writer, tokens, literalCode, distanceCode);
        }

        return writer.ToArray();
    }

    internal static List<DeflateToken> FindMatches(ReadOnlySpan<byte> data, int maxDistance)
    {
        var tokens = new List<DeflateToken>((data.Length / 2) + 1);
        var head = new int[1 << HashBits];
        for (var i = 0; i < head.Length; i++)
        {
            head[i] = -1;
        }

        var previous = new int[data.Length];
        var position = 0;
        while (position < data.Length)
        {
            var (length, distance) = LongestMatch(data, position, head, previous, maxDistance);
            Insert(data, position, head, previous);
            if (length >= MinMatch && position + 1 < data.Length)
            {
                // One step of lazy matching: a longer match starting at the next byte wins over this one.
                var (nextLength, _) = LongestMatch(data, position + 1, head, previous, maxDistance);
                if (nextLength > length)
                {
                    tokens.Add(new DeflateToken(data[position], 0));
                    position++;
                    continue;
                }
            }

            if (length >= MinMatch)
            {
                tokens.Add(new DeflateToken(length, distance));
                for (var k = 1; k < length; k++)
                {
                    Insert(data, position + k, head, previous);
                }

                position += length;
            }
            else
            {
                tokens.Add(new DeflateToken(data[position], 0));
                position++;
            }
        }

        return tokens;
    }

    private static int Hash(ReadOnlySpan<byte> data, int position) =>
        ((data[position] << 10) ^ (data[position + 1] << 5) ^ data[position + 2]) & ((1 << HashBits) - 1);

    private static void Insert(ReadOnlySpan<byte> data, int position, int[] head, int[] previous)
    {
        if (position + MinMatch > data.Length)
        {
            return;
        }

        var h = Hash(data, position);
        previous[position] = head[h];
        head[h] = position;
    }

    private static (int Length, int Distance) LongestMatch(ReadOnlySpan<byte> data, int position, int[] head, int[] previous, int maxDistance)
    {
        if (position + MinMatch > data.Length)
        {
            return (0, 0);
        }

        var bestLength = 0;
        var bestDistance = 0;
        var limit = Math.Min(MaxMatch, data.Length - position);
        var candidate = head[Hash(data, position)];
        if (candidate == position)
        {
            candidate = previous[position];
        }

        for (var chain = 0; candidate >= 0 && chain < MaxChain; chain++)
        {
            var distance = position - candidate;
            if (distance > maxDistance)
            {
                break;
            }

            var length = 0;
            while (length < limit && data[candidate + length] == data[position + length])
            {
                length++;
            }

            if (length > bestLength)
            {
                bestLength = length;
                bestDistance = distance;
                if (length == limit)
                {
                    break;
                }
            }

            candidate = previous[candidate];
        }

        return (bestLength, bestDistance);
    }

    private static void EnsureTwoSymbols(int[] frequencies)
    {
        // Decoders differ on one-symbol trees; two used symbols always give a complete code.
        var used = 0;
        foreach (var f in frequencies)
        {
            used += f > 0 ? 1 : 0;
        }

        for (var s = 0; used < 2 && s < frequencies.Length; s++)
        {
            if (frequencies[s] == 0)
            {
                frequencies[s] = 1;
                used++;
            }
        }
    }

    private static long SymbolBits(List<DeflateToken> tokens, byte[] literalLengths, byte[] distanceLengths)
    {
        long bits = literalLengths[EndOfBlock];
        foreach (var token in tokens)
        {
            if (token.Distance == 0)
            {
                bits += literalLengths[token.LengthOrLiteral];
            }
            else
            {
                var ls = LengthSymbol(token.LengthOrLiteral);
                var ds = DistanceSymbol(token.Distance);
                bits += literalLengths[257 + ls] + LengthExtra[ls] + distanceLengths[ds] + DistanceExtra[ds];
            }
        }

        return bits;
    }

    private static void WriteSymbols(DeflateBitWriter writer, List<DeflateToken> tokens, HuffmanCode literalCode, HuffmanCode distanceCode)
    {
        foreach (var token in tokens)
        {
            if (token.Distance == 0)
            {
                writer.WriteCode(literalCode.Codes[token.LengthOrLiteral], literalCode.Lengths[token.LengthOrLiteral]);
                continue;
            }

            var ls = LengthSymbol(token.LengthOrLiteral);
            writer.WriteCode(literalCode.Codes[257 + ls], literalCode.Lengths[257 + ls]);
            writer.WriteBits((uint)(token.LengthOrLiteral - LengthBase[ls]), LengthExtra[ls]);
            var ds = DistanceSymbol(token.Distance);
            writer.WriteCode(distanceCode.Codes[ds], distanceCode.Lengths[ds]);
            writer.WriteBits((uint)(token.Distance - DistanceBase[ds]), DistanceExtra[ds]);
        }

        writer.WriteCode(literalCode.Codes[EndOfBlock], literalCode.Lengths[EndOfBlock]);
    }

    private static void WriteStored(DeflateBitWriter writer, ReadOnlySpan<byte> data)
    {
        var offset = 0;
        do
        {
            var length = Math.Min(65535, data.Length - offset);
            var isLast = offset + length >= data.Length;
            writer.WriteBits(isLast ? 1u : 0u, 1);
            writer.WriteBits(0, 2);
            writer.AlignToByte();
            writer.WriteBits((uint)length, 16);
            writer.WriteBits((uint)(~length & 0xFFFF), 16);
            writer.WriteAlignedBytes(data.Slice(offset, length));
            offset += length;
        }
        while (offset < data.Length);
    }

    private static int LengthSymbol(int length)
    {
        var symbol = LengthBase.Length - 1;
        while (LengthBase[symbol] > length)
        {
            symbol--;
        }

        return symbol;
    }

    private static int DistanceSymbol(int distance)
    {
        var symbol = DistanceBase.Length - 1;
        while (DistanceBase[symbol] > distance)
        {
            symbol--;
        }

        return symbol;
    }

    private static byte[] FixedLiteralLengths()
    {
        var lengths = new byte[288];
        for (var s = 0; s < 288; s++)
        {
            lengths[s] = (byte)(s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8);
        }

        return lengths;
    }

    private static byte[] FixedDistanceLengths()
    {
        var lengths = new byte[30];
        for (var s = 0; s < lengths.Length; s++)
        {
            lengths[s] = 5;
        }

        return lengths;
    }

    /// <summary>The dynamic block header: the code lengths, run-length coded and themselves Huffman coded.</summary>
    private sealed class DynamicHeader
    {
        private readonly int _literalCount;
        private readonly int _distanceCount;
        private readonly int _codeLengthCount;
        private readonly List<(int Symbol, int Extra)> _runs;
        private readonly HuffmanCode _codeLengthCode;

        private DynamicHeader(int literalCount, int distanceCount, int codeLengthCount, List<(int Symbol, int Extra)> runs, HuffmanCode codeLengthCode)
        {
            _literalCount = literalCount;
            _distanceCount = distanceCount;
            _codeLengthCount = codeLengthCount;
            _runs = runs;
            _codeLengthCode = codeLengthCode;
        }

        public long BitCost
        {
            get
            {
                long bits = 5 + 5 + 4 + (3 * _codeLengthCount);
                foreach (var (symbol, _) in _runs)
                {
                    bits += _codeLengthCode.Lengths[symbol] + (symbol == 16 ? 2 : symbol == 17 ? 3 : symbol == 18 ? 7 : 0);
                }

                return bits;
            }
        }

        public static DynamicHeader Create(byte[] literalLengths, byte[] distanceLengths)
        {
            var literalCount = 286;
            while (literalCount > 257 && literalLengths[literalCount - 1] == 0)
            {
                literalCount--;
            }

            var distanceCount = 30;
            while (distanceCount > 1 && distanceLengths[distanceCount - 1] == 0)
            {
                distanceCount--;
            }

            var all = new byte[literalCount + distanceCount];
            Array.Copy(literalLengths, all, literalCount);
            Array.Copy(distanceLengths, 0, all, literalCount, distanceCount);

            var runs = new List<(int Symbol, int Extra)>();
            for (var i = 0; i < all.Length;)
            {
                var value = all[i];
                var run = 1;
                while (i + run < all.Length && all[i + run] == value)
                {
                    run++;
                }

                var remaining = run;
                if (value == 0)
                {
                    while (remaining >= 11)
                    {
                        var n = Math.Min(138, remaining);
                        runs.Add((18, n - 11));
                        remaining -= n;
                    }

                    if (remaining >= 3)
                    {
                        runs.Add((17, remaining - 3));
                        remaining = 0;
                    }
                }
                else
                {
                    runs.Add((value, 0));
                    remaining--;
                    while (remaining >= 3)
                    {
                        var n = Math.Min(6, remaining);
                        runs.Add((16, n - 3));
                        remaining -= n;
                    }
                }

                for (; remaining > 0; remaining--)
                {
                    runs.Add((value, 0));
                }

                i += run;
            }

            var frequencies = new int[19];
            foreach (var (symbol, _) in runs)
            {
                frequencies[symbol]++;
            }

            EnsureTwoSymbols(frequencies);
            var codeLengthCode = HuffmanCode.FromFrequencies(frequencies, 7);
            var codeLengthCount = 19;
            while (codeLengthCount > 4 && codeLengthCode.Lengths[CodeLengthOrder[codeLengthCount - 1]] == 0)
            {
                codeLengthCount--;
            }

            return new DynamicHeader(literalCount, distanceCount, codeLengthCount, runs, codeLengthCode);
        }

        public void Write(DeflateBitWriter writer)
        {
            writer.WriteBits((uint)(_literalCount - 257), 5);
            writer.WriteBits((uint)(_distanceCount - 1), 5);
            writer.WriteBits((uint)(_codeLengthCount - 4), 4);
            for (var i = 0; i < _codeLengthCount; i++)
            {
                writer.WriteBits(_codeLengthCode.Lengths[CodeLengthOrder[i]], 3);
            }

            foreach (var (symbol, extra) in _runs)
            {
                writer.WriteCode(_codeLengthCode.Codes[symbol], _codeLengthCode.Lengths[symbol]);
                if (symbol == 16)
                {
                    writer.WriteBits((uint)extra, 2);
                }
                else if (symbol == 17)
                {
                    writer.WriteBits((uint)extra, 3);
                }
                else if (symbol == 18)
                {
                    writer.WriteBits((uint)extra, 7);
                }
            }
        }
    }
}
