using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.Partitions;

/// <summary>
/// What one ROM partition of a board holds, as <c>Get-RomfsPartition</c> reports it. Property names match the
/// parameters of the cmdlets downstream (<c>Partition</c>, <c>Port</c>), so objects bind by property name.
/// </summary>
public sealed class RomPartitionInfo
{
    /// <summary>Creates a description.</summary>
    /// <param name="port">The board's port, for example "COM3" or "socket://127.0.0.1:4000".</param>
    /// <param name="geometry">The partition's geometry.</param>
    /// <param name="imageSize">The size the image header declares (header included), or <see langword="null"/> when the partition holds no valid image.</param>
    /// <param name="imageHash">The SHA-256 of the image's bytes as lowercase hex, or <see langword="null"/> when there is no valid image or the board cannot hash.</param>
    /// <param name="mountPoint">Where the partition is mounted, or <see langword="null"/> when it is not.</param>
    /// <param name="uniqueId">The board's <c>machine.unique_id()</c> as hex, or <see langword="null"/>.</param>
    public RomPartitionInfo(string port, RomPartitionGeometry geometry, long? imageSize, string? imageHash, string? mountPoint, string? uniqueId = null)
    {
        Port = port ?? throw new ArgumentNullException(nameof(port));
        Geometry = geometry ?? throw new ArgumentNullException(nameof(geometry));
        ImageSize = imageSize;
        ImageHash = imageHash;
        MountPoint = mountPoint;
        UniqueId = uniqueId;
    }

    /// <summary>The board's port.</summary>
    public string Port { get; }

    /// <summary>
    /// The connected board, where known: <c>Publish-RomfsImage</c> binds it as <c>-Device</c> by property name, so
    /// <c>Get-RomfsPartition | Where-Object ImageHash -ne $h | Publish-RomfsImage app.romfs</c> updates those boards.
    /// </summary>
    public MicroPythonDevice? Device { get; private set; }

    /// <summary>The board's unique id as hex, where the board has one.</summary>
    public string? UniqueId { get; private set; }

    /// <summary>The partition number.</summary>
    public int Partition => Geometry.Index;

    /// <summary>The partition's size in bytes.</summary>
    public long Size => Geometry.Size;

    /// <summary>The erase block size in bytes.</summary>
    public int BlockSize => Geometry.BlockSize;

    /// <summary>The number of erase blocks.</summary>
    public long BlockCount => Geometry.BlockCount;

    /// <summary>How the board exposes the partition.</summary>
    public RomPartitionKind Kind => Geometry.Kind;

    /// <summary>Whether the partition starts with a valid ROMFS header whose image fits in it.</summary>
    public bool HasValidImage => ImageSize.HasValue;

    /// <summary>The image's size in bytes, or <see langword="null"/>.</summary>
    public long? ImageSize { get; }

    /// <summary>The bytes left after the image (the whole partition when it holds none).</summary>
    public long FreeBytes => Size - (ImageSize ?? 0);

    /// <summary>The SHA-256 of the image as lowercase hex, comparable with <c>RomfsImageInfo.ImageHash</c>.</summary>
    public string? ImageHash { get; }

    /// <summary>Whether the partition's filesystem is mounted.</summary>
    public bool IsMounted => MountPoint != null;

    /// <summary>Where the partition is mounted, or <see langword="null"/>.</summary>
    public string? MountPoint { get; }

    /// <summary>The geometry the figures above come from.</summary>
    public RomPartitionGeometry Geometry { get; }

    /// <summary>The image's entries read back from the board, when asked for (<c>-Contents</c>); otherwise empty.</summary>
    public IReadOnlyList<Romfs.RomfsEntry> Entries { get; private set; } = Array.Empty<Romfs.RomfsEntry>();

    /// <summary>A copy that names the connected board (and takes its unique id).</summary>
    /// <param name="device">The board.</param>
    /// <returns>The copy.</returns>
    public RomPartitionInfo WithDevice(MicroPythonDevice device)
    {
        var copy = (RomPartitionInfo)MemberwiseClone();
        copy.Device = device ?? throw new ArgumentNullException(nameof(device));
        copy.UniqueId = device.UniqueId ?? UniqueId;
        return copy;
    }

    /// <summary>A copy that lists the image's entries.</summary>
    /// <param name="entries">The entries read back from the board.</param>
    /// <returns>The copy.</returns>
    public RomPartitionInfo WithEntries(IReadOnlyList<Romfs.RomfsEntry> entries)
    {
        var copy = (RomPartitionInfo)MemberwiseClone();
        copy.Entries = entries ?? throw new ArgumentNullException(nameof(entries));
        return copy;
    }
}
