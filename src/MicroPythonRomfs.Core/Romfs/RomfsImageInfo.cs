namespace MicroPythonRomfs.Romfs;

/// <summary>What users see of an image: where it is, how big, what it holds, and a hash that identifies its bytes.</summary>
public sealed class RomfsImageInfo
{
    private RomfsImageInfo(string? path, RomfsImage image)
    {
        Path = path;
        Length = image.Length;
        FileCount = image.FileCount;
        DirectoryCount = image.DirectoryCount;
        Entries = image.Entries;
        ImageHash = image.ComputeHash();
        Image = image;
    }

    /// <summary>The image file's full path, or <see langword="null"/> for an image only in memory.</summary>
    public string? Path { get; }

    /// <summary>The image's size in bytes.</summary>
    public long Length { get; }

    /// <summary>The number of files in the image.</summary>
    public int FileCount { get; }

    /// <summary>The number of directories in the image.</summary>
    public int DirectoryCount { get; }

    /// <summary>Every entry, depth-first in image order.</summary>
    public IReadOnlyList<RomfsEntry> Entries { get; }

    /// <summary>The SHA-256 of the image's bytes, 64 lower-case hex digits.</summary>
    public string ImageHash { get; }

    /// <summary>The parsed image, for reading file data.</summary>
    public RomfsImage Image { get; }

    /// <summary>Describes a parsed image.</summary>
    /// <param name="image">The image.</param>
    /// <param name="path">Where it is stored, if anywhere.</param>
    /// <returns>The description.</returns>
    public static RomfsImageInfo FromImage(RomfsImage image, string? path = null) =>
        new(path == null ? null : System.IO.Path.GetFullPath(path), image ?? throw new ArgumentNullException(nameof(image)));

    /// <inheritdoc/>
    public override string ToString() => $"{Path ?? "(memory)"}: {Length} bytes, {FileCount} files, {DirectoryCount} directories";
}
