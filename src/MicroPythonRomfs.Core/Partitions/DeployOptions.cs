using MicroPythonRomfs.Partitions.Transfer;

namespace MicroPythonRomfs.Partitions;

/// <summary>How <see cref="PartitionWriter"/> deploys an image.</summary>
public sealed class DeployOptions
{
    /// <summary>Rewrite every block the image spans, without comparing with what the board holds.</summary>
    public bool Full { get; set; }

    /// <summary>Read back the written blocks' fingerprints (or data) and compare them with the image. On by default.</summary>
    public bool Verify { get; set; } = true;

    /// <summary>Force a text encoding; <see langword="null"/> picks the densest the board supports.</summary>
    public TextTransferEncoding? Encoding { get; set; }

    /// <summary>
    /// How data travels: <see cref="TransferMode.Auto"/> (the default) uses binary frames when the board's stdin
    /// carries raw bytes, no <see cref="Encoding"/> is forced and there are at least
    /// <see cref="PartitionWriter.BinaryMinimumBytes"/> to write, else text.
    /// </summary>
    public TransferMode Transfer { get; set; } = TransferMode.Auto;

    /// <summary>
    /// The most bytes of binary frames sent and not yet acknowledged. The board acknowledges a frame once it has read
    /// it, so this bounds what waits in the board's receive buffer while it writes flash; see
    /// <see cref="PartitionWriter.DefaultBinaryWindow"/> for the default and why.
    /// </summary>
    public int BinaryWindow { get; set; } = PartitionWriter.DefaultBinaryWindow;

    /// <summary>How long the host waits for an acknowledgement before it resends (binary transfer).</summary>
    public TimeSpan AcknowledgementTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The image the caller believes the partition holds, from its own last deploy in this session (see
    /// <c>Watch</c>), or <see langword="null"/>. The writer checks the belief with one SHA-256 of those blocks computed
    /// on the board; when it holds, the blocks are fingerprinted on the host instead of by the board (only blocks
    /// beyond that image are asked for), and when it does not, every block is fingerprinted by the board as usual.
    /// </summary>
    public byte[]? ExpectedBoardImage { get; set; }

    /// <summary>The board's unique id to put on the result, or <see langword="null"/>.</summary>
    public string? UniqueId { get; set; }

    /// <summary>A copy, so one caller's options can serve many boards without one board's settings reaching another.</summary>
    /// <returns>The copy.</returns>
    public DeployOptions Copy() => (DeployOptions)MemberwiseClone();
}
