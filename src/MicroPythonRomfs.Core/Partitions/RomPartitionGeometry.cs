namespace MicroPythonRomfs.Partitions;

/// <summary>The shape of one ROM partition as the board reports it: what a deploy needs to plan erases and writes.</summary>
public sealed class RomPartitionGeometry
{
    /// <summary>Creates a geometry.</summary>
    /// <param name="index">The partition number, as passed to <c>vfs.rom_ioctl</c>.</param>
    /// <param name="size">The partition's size in bytes.</param>
    /// <param name="blockSize">The erase block size in bytes; equal to <paramref name="size"/> when the board erases the whole partition at once.</param>
    /// <param name="kind">How the board exposes the partition.</param>
    public RomPartitionGeometry(int index, long size, int blockSize, RomPartitionKind kind)
    {
        if (index < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, "A partition index is never negative.");
        }

        if (size <= 0 || blockSize <= 0 || blockSize > size)
        {
            throw new ArgumentException($"Partition {index} reports size {size} and block size {blockSize}, which do not describe a usable partition.");
        }

        Index = index;
        Size = size;
        BlockSize = blockSize;
        Kind = kind;
    }

    /// <summary>The partition number.</summary>
    public int Index { get; }

    /// <summary>The partition's size in bytes.</summary>
    public long Size { get; }

    /// <summary>The erase block size in bytes.</summary>
    public int BlockSize { get; }

    /// <summary>How the board exposes the partition.</summary>
    public RomPartitionKind Kind { get; }

    /// <summary>The number of whole erase blocks in the partition.</summary>
    public long BlockCount => Size / BlockSize;

    /// <summary>
    /// Whether blocks can be erased one range at a time. A memoryview partition whose block is the whole partition
    /// is prepared in one call that erases everything, so nothing can be skipped.
    /// </summary>
    public bool SupportsPartialErase => Kind == RomPartitionKind.BlockDevice || BlockSize < Size;
}
