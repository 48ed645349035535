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

    /// <summary>The board's unique id to put on the result, or <see langword="null"/>.</summary>
    public string? UniqueId { get; set; }

    /// <summary>A copy, so one caller's options can serve many boards without one board's settings reaching another.</summary>
    /// <returns>The copy.</returns>
    public DeployOptions Copy() => (DeployOptions)MemberwiseClone();
}
