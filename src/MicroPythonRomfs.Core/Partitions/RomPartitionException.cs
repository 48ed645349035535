namespace MicroPythonRomfs.Partitions;

/// <summary>A partition operation (query, deploy, read) failed; says which board and partition, where, and what the partition now holds.</summary>
public sealed class RomPartitionException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, naming the port, partition and offset.</param>
    /// <param name="port">The board's port.</param>
    /// <param name="partition">The partition number.</param>
    /// <param name="state">What the partition holds now.</param>
    /// <param name="offset">The byte offset in the partition where the failure happened, or <see langword="null"/>.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    /// <param name="failure">Why it failed.</param>
    public RomPartitionException(string message, string port, int partition, PartitionState state, long? offset = null, Exception? innerException = null, RomPartitionFailure failure = RomPartitionFailure.UnexpectedAnswer)
        : base(message, innerException)
    {
        Failure = failure;
        Port = port;
        Partition = partition;
        State = state;
        Offset = offset;
    }

    /// <summary>Why it failed.</summary>
    public RomPartitionFailure Failure { get; }

    /// <summary>The board's port.</summary>
    public string Port { get; }

    /// <summary>The partition number.</summary>
    public int Partition { get; }

    /// <summary>What the partition holds now.</summary>
    public PartitionState State { get; }

    /// <summary>The byte offset of the failure, where one applies.</summary>
    public long? Offset { get; }
}
