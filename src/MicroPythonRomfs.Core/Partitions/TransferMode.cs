namespace MicroPythonRomfs.Partitions;

/// <summary>How image data travels to the board.</summary>
public enum TransferMode
{
    /// <summary>
    /// Binary frames when the board's stdin carries raw bytes (probed) and there are at least
    /// <see cref="PartitionWriter.BinaryMinimumBytes"/> to write, else the densest text encoding.
    /// </summary>
    Auto,

    /// <summary>Binary frames with flow control, acknowledgements and resends; fails when the board cannot take them.</summary>
    Binary,

    /// <summary>Python statements carrying the data as text (deflate + base64, base64, hex or a bytes literal).</summary>
    Text,
}
