namespace MicroPythonRomfs.Partitions;

/// <summary>What a partition holds after a deploy stopped part-way, so the user knows what is safe.</summary>
public enum PartitionState
{
    /// <summary>Nothing was changed: the partition holds what it held before.</summary>
    Unchanged,

    /// <summary>Blocks were erased or written but the header was not: the partition holds no valid image and will not mount. Running the deploy again completes it.</summary>
    Incomplete,

    /// <summary>Every block was written, but verification found a difference; running the deploy again rewrites the differing blocks.</summary>
    Unverified,
}
