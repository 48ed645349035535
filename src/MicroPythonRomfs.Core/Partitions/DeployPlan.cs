using System.Globalization;

namespace MicroPythonRomfs.Partitions;

/// <summary>
/// Which erase blocks of a partition a deploy erases and writes, decided before anything on the board changes.
/// </summary>
/// <remarks>
/// The partition is meant to end up holding the image, then zero bytes up to the next multiple of
/// <see cref="WriteUnit"/> (as upstream mpremote pads its last chunk), then erased flash. Blocks whose board
/// fingerprint already matches that content are skipped. When block 0 (the image header) must change, it is erased
/// first and written last, so an interrupted deploy leaves no valid header over a half-written image and a re-run
/// completes it.
/// </remarks>
public sealed class DeployPlan
{
    /// <summary>The padding unit for the image's end: upstream's chunk size.</summary>
    public const int WriteUnit = 4096;

    private readonly byte[] _image;

    private DeployPlan(byte[] image, RomPartitionGeometry partition, long paddedLength, IReadOnlyList<int> blocksToWrite, IReadOnlyList<BlockRange> eraseRanges, bool isIncremental)
    {
        _image = image;
        Partition = partition;
        PaddedLength = paddedLength;
        BlocksToWrite = blocksToWrite;
        EraseRanges = eraseRanges;
        IsIncremental = isIncremental;
    }

    /// <summary>The partition the plan is for.</summary>
    public RomPartitionGeometry Partition { get; }

    /// <summary>The image's length in bytes.</summary>
    public int ImageLength => _image.Length;

    /// <summary>The image's length with its zero padding: the bytes a full deploy writes.</summary>
    public long PaddedLength { get; }

    /// <summary>How many erase blocks the padded image spans.</summary>
    public int BlockCount => (int)((PaddedLength + Partition.BlockSize - 1) / Partition.BlockSize);

    /// <summary>The blocks to write, in the order they are written (block 0, when present, last).</summary>
    public IReadOnlyList<int> BlocksToWrite { get; }

    /// <summary>The runs of blocks to erase, in the order they are erased (the run holding block 0 first).</summary>
    public IReadOnlyList<BlockRange> EraseRanges { get; }

    /// <summary>How many blocks the board already holds as they should be.</summary>
    public int BlocksSkipped => BlockCount - BlocksToWrite.Count;

    /// <summary>Whether the plan skips blocks the board already holds (false for a full rewrite).</summary>
    public bool IsIncremental { get; }

    /// <summary>The number of bytes the writes carry, before any transfer encoding.</summary>
    public long BytesToWrite => BlocksToWrite.Sum(b => (long)WriteLength(b));

    /// <summary>Whether the board already holds the image and nothing needs to change.</summary>
    public bool IsUpToDate => BlocksToWrite.Count == 0;

    /// <summary>Plans a deploy.</summary>
    /// <param name="image">The image; it must already be validated and known to fit.</param>
    /// <param name="partition">The target partition.</param>
    /// <param name="boardDigests">
    /// The board's fingerprint of each block the padded image spans, in block order, or <see langword="null"/> to
    /// write everything (unknown contents, no digest support on the board, or a forced full deploy).
    /// </param>
    /// <param name="algorithm">How <paramref name="boardDigests"/> were computed.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="ArgumentException">The image is larger than the partition.</exception>
    public static DeployPlan Create(ReadOnlySpan<byte> image, RomPartitionGeometry partition, IReadOnlyList<byte[]>? boardDigests = null, BlockDigestAlgorithm algorithm = BlockDigestAlgorithm.None)
    {
        if (partition == null)
        {
            throw new ArgumentNullException(nameof(partition));
        }

        if (image.Length > partition.Size)
        {
            throw new ArgumentException(string.Format(
                CultureInfo.InvariantCulture,
                "The image is {0:N0} bytes, larger than partition {1} ({2:N0} bytes).",
                image.Length,
                partition.Index,
                partition.Size));
        }

        var padded = Math.Min(partition.Size, ((long)image.Length + WriteUnit - 1) / WriteUnit * WriteUnit);
        var blockCount = (int)((padded + partition.BlockSize - 1) / partition.BlockSize);
        var incremental = boardDigests != null && algorithm != BlockDigestAlgorithm.None && partition.SupportsPartialErase;
        if (incremental && boardDigests!.Count != blockCount)
        {
            throw new ArgumentException($"Expected {blockCount} block digests for partition {partition.Index}, got {boardDigests.Count}.", nameof(boardDigests));
        }

        var plan = new DeployPlan(image.ToArray(), partition, padded, Array.Empty<int>(), Array.Empty<BlockRange>(), incremental);
        var changed = new List<int>();
        for (var block = 0; block < blockCount; block++)
        {
            if (!incremental || !BlockDigest.Compute(algorithm, plan.ExpectedBlock(block)).AsSpan().SequenceEqual(boardDigests![block]))
            {
                changed.Add(block);
            }
        }

        // Any change rewrites block 0 too: with the header erased first and written last, a deploy cut short never
        // leaves a valid header in front of half-written data.
        if (changed.Count > 0 && changed[0] != 0)
        {
            changed.Insert(0, 0);
        }

        var writeOrder = changed.Where(b => b != 0).ToList();
        if (changed.Count > 0)
        {
            writeOrder.Add(0);
        }

        return new DeployPlan(plan._image, partition, padded, writeOrder, ToRanges(changed), incremental);
    }

    /// <summary>The byte offset of a block in the partition.</summary>
    /// <param name="block">The block number.</param>
    /// <returns>The offset.</returns>
    public long BlockOffset(int block) => (long)block * Partition.BlockSize;

    /// <summary>How many bytes of a block are written: up to the padded end of the image.</summary>
    /// <param name="block">The block number.</param>
    /// <returns>The length; the rest of the block stays erased.</returns>
    public int WriteLength(int block) => (int)Math.Max(0, Math.Min(Partition.BlockSize, PaddedLength - BlockOffset(block)));

    /// <summary>The bytes a block is written with: image data, then zero padding.</summary>
    /// <param name="block">The block number.</param>
    /// <returns>A new array of <see cref="WriteLength"/> bytes.</returns>
    public byte[] WriteData(int block)
    {
        var data = new byte[WriteLength(block)];
        var offset = BlockOffset(block);
        if (offset < _image.Length)
        {
            Array.Copy(_image, offset, data, 0, Math.Min(data.Length, _image.Length - offset));
        }

        return data;
    }

    /// <summary>What a whole block holds after the deploy: its write data, then erased bytes (0xFF).</summary>
    /// <param name="block">The block number.</param>
    /// <returns>A new array of one block.</returns>
    public byte[] ExpectedBlock(int block)
    {
        var expected = new byte[Partition.BlockSize];
        var data = WriteData(block);
        Array.Copy(data, expected, data.Length);
        for (var i = data.Length; i < expected.Length; i++)
        {
            expected[i] = 0xFF;
        }

        return expected;
    }

    /// <summary>A one-line account of the plan, for <c>-WhatIf</c> and verbose output.</summary>
    /// <returns>For example "erase blocks 0, 5-6 and write 12,288 bytes in 3 blocks; 70 unchanged blocks skipped".</returns>
    public string Describe()
    {
        if (IsUpToDate)
        {
            return string.Format(CultureInfo.InvariantCulture, "nothing to write: all {0} blocks already hold the image", BlockCount);
        }

        var text = string.Format(
            CultureInfo.InvariantCulture,
            "erase block{0} {1} ({2:N0} bytes each) and write {3:N0} bytes in {4} block{5}",
            EraseRanges.Sum(r => r.Count) == 1 ? string.Empty : "s",
            string.Join(", ", EraseRanges),
            Partition.BlockSize,
            BytesToWrite,
            BlocksToWrite.Count,
            BlocksToWrite.Count == 1 ? string.Empty : "s");
        return BlocksSkipped > 0
            ? text + string.Format(CultureInfo.InvariantCulture, "; {0} unchanged block{1} skipped", BlocksSkipped, BlocksSkipped == 1 ? string.Empty : "s")
            : text;
    }

    private static IReadOnlyList<BlockRange> ToRanges(List<int> ascendingBlocks)
    {
        var ranges = new List<BlockRange>();
        for (var i = 0; i < ascendingBlocks.Count;)
        {
            var first = ascendingBlocks[i];
            var count = 1;
            while (i + count < ascendingBlocks.Count && ascendingBlocks[i + count] == first + count)
            {
                count++;
            }

            ranges.Add(new BlockRange(first, count));
            i += count;
        }

        return ranges;
    }
}
