using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.Partitions;

/// <summary>
/// What a deploy did, as <c>Publish-RomfsImage -PassThru</c> reports it; in a deploy to many boards, a board that
/// failed gets a result too, with <see cref="Error"/> set, so every board is accounted for.
/// </summary>
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

    /// <summary>
    /// The connected board, where known. <c>Publish-RomfsImage</c> binds it as <c>-Device</c> by property name, so
    /// <c>... -PassThru | Where-Object Succeeded -eq $false | Publish-RomfsImage app.romfs</c> retries the failed boards.
    /// </summary>
    public MicroPythonDevice? Device { get; private set; }

    /// <summary>Whether the deploy succeeded.</summary>
    public bool Succeeded => Exception == null;

    /// <summary>Why this board failed, naming it and saying what its partition now holds; <see langword="null"/> on success.</summary>
    public string? Error => Exception?.Message;

    /// <summary>A stable name for the kind of failure (<c>ImageTooBig</c>, <c>DeployInterrupted</c>, <c>DeviceConnectionFailed</c>, ...); <see langword="null"/> on success.</summary>
    public string? ErrorId { get; private set; }

    /// <summary>The failure itself, or <see langword="null"/>.</summary>
    public Exception? Exception { get; private set; }

    /// <summary>The result of a deploy that failed on one board: nothing counted as written or verified.</summary>
    /// <param name="device">The board.</param>
    /// <param name="partition">The partition number.</param>
    /// <param name="imageSize">The image's size in bytes.</param>
    /// <param name="imageHash">The SHA-256 of the image as lowercase hex.</param>
    /// <param name="bytesSent">Bytes sent over the link before the failure.</param>
    /// <param name="bytesReceived">Bytes received before the failure.</param>
    /// <param name="duration">The time until the failure.</param>
    /// <param name="exception">The failure.</param>
    /// <param name="errorId">A stable name for the kind of failure.</param>
    /// <returns>The result.</returns>
    public static DeployResult Failed(MicroPythonDevice device, int partition, long imageSize, string imageHash, long bytesSent, long bytesReceived, TimeSpan duration, Exception exception, string errorId)
    {
        if (device == null)
        {
            throw new ArgumentNullException(nameof(device));
        }

        return new DeployResult(device.Port, partition, imageSize, imageHash, 0, 0, 0, bytesSent, bytesReceived, duration, false, string.Empty, device.UniqueId)
        {
            Device = device,
            Exception = exception ?? throw new ArgumentNullException(nameof(exception)),
            ErrorId = errorId ?? throw new ArgumentNullException(nameof(errorId)),
        };
    }

    /// <summary>A copy that names the connected board.</summary>
    /// <param name="device">The board.</param>
    /// <returns>The copy.</returns>
    public DeployResult WithDevice(MicroPythonDevice device)
    {
        var copy = (DeployResult)MemberwiseClone();
        copy.Device = device ?? throw new ArgumentNullException(nameof(device));
        return copy;
    }

    /// <summary>
    /// A copy whose counts and duration are the whole session's, from opening the port to closing it (the connect,
    /// the probe and the closing bytes included), as a tool that opened the port for this one deploy reports them.
    /// </summary>
    /// <param name="bytesSent">Every byte the host wrote to the link.</param>
    /// <param name="bytesReceived">Every byte the host read from the link.</param>
    /// <param name="duration">Wall-clock time from opening the port to closing it.</param>
    /// <returns>The copy.</returns>
    public DeployResult WithLinkTotals(long bytesSent, long bytesReceived, TimeSpan duration) =>
        new(Port, Partition, ImageSize, ImageHash, BlocksWritten, BlocksSkipped, BytesWritten, bytesSent, bytesReceived, duration, Verified, Transfer, UniqueId)
        {
            Device = Device,
            Exception = Exception,
            ErrorId = ErrorId,
        };
}
