namespace MicroPythonRomfs.Partitions;

/// <summary>A run of consecutive erase blocks.</summary>
public readonly struct BlockRange : IEquatable<BlockRange>
{
    /// <summary>Creates a run.</summary>
    /// <param name="firstBlock">The first block's number.</param>
    /// <param name="count">How many blocks, at least one.</param>
    public BlockRange(int firstBlock, int count)
    {
        FirstBlock = firstBlock;
        Count = count;
    }

    /// <summary>The first block's number.</summary>
    public int FirstBlock { get; }

    /// <summary>How many blocks.</summary>
    public int Count { get; }

    /// <summary>The last block's number.</summary>
    public int LastBlock => FirstBlock + Count - 1;

    /// <inheritdoc/>
    public bool Equals(BlockRange other) => FirstBlock == other.FirstBlock && Count == other.Count;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is BlockRange other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => (FirstBlock * 397) ^ Count;

    /// <inheritdoc/>
    public override string ToString() => Count == 1 ? FirstBlock.ToString() : $"{FirstBlock}-{LastBlock}";
}
