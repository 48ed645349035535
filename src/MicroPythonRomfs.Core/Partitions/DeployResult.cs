namespace MicroPythonRomfs.Partitions;

/// <summary>What a deploy did, as <c>Publish-RomfsImage -PassThru</c> reports it.</summary>
public sealed class DeployResult
{
    /// <summary>Creates a result.</summary>
    /// <param name="port">The board's port.</param>
    /// <param name="partition">The partition number.</param>
    /// <param name="imageSize">The image's size in bytes.</param>
    /// <param name="imageHash">The SHA-256 of the image as lowercase hex.</param>
    /// <param name="blocksWritten">Erase blocks erased and written.</param>
    /// <param name="blocksSkipped">Erase blocks already holding the right bytes.</param>
    /// <param name="bytesWritten">Image bytes written (padding included).</param>
    /// <param name="bytesSent">Bytes sent over the link, protocol and encoding included.</param>
    /// <param name="bytesReceived">Bytes received over the link.</param>
    /// <param name="duration">The time from the first query to the end of verification.</param>
    /// <param name="verified">Whether the written blocks were read back and matched.</param>
    /// <param name="transfer">How the data travelled, for example "DeflateBase64".</param>
    /// <param name="uniqueId">The board's unique id as hex, where it has one.</param>
    public DeployResult(string port, int partition, long imageSize, string imageHash, int blocksWritten, int blocksSkipped, long bytesWritten, long bytesSent, long bytesReceived, TimeSpan duration, bool verified, string transfer, string? uniqueId = null)
    {
        Port = port ?? throw new ArgumentNullException(nameof(port));
        Partition = partition;
        ImageSize = imageSize;
        ImageHash = imageHash ?? throw new ArgumentNullException(nameof(imageHash));
        BlocksWritten = blocksWritten;
        BlocksSkipped = blocksSkipped;
        BytesWritten = bytesWritten;
        BytesSent = bytesSent;
        BytesReceived = bytesReceived;
        Duration = duration;
        Verified = verified;
        Transfer = transfer ?? throw new ArgumentNullException(nameof(transfer));
        UniqueId = uniqueId;
    }

    /// <summary>The board's port.</summary>
    public string Port { get; }

    /// <summary>The board's unique id as hex, where it has one.</summary>
    public string? UniqueId { get; }

    /// <summary>The partition number.</summary>
    public int Partition { get; }

    /// <summary>The image's size in bytes.</summary>
    public long ImageSize { get; }

    /// <summary>The SHA-256 of the image as lowercase hex.</summary>
    public string ImageHash { get; }

    /// <summary>Erase blocks erased and written.</summary>
    public int BlocksWritten { get; }

    /// <summary>Erase blocks that already held the right bytes.</summary>
    public int BlocksSkipped { get; }

    /// <summary>Image bytes written, padding included.</summary>
    public long BytesWritten { get; }

    /// <summary>Bytes sent over the link.</summary>
    public long BytesSent { get; }

    /// <summary>Bytes received over the link.</summary>
    public long BytesReceived { get; }

    /// <summary>How long the deploy took.</summary>
    public TimeSpan Duration { get; }

    /// <summary>Whether the written blocks were read back and matched the image.</summary>
    public bool Verified { get; }

    /// <summary>How the data travelled.</summary>
    public string Transfer { get; }
}
