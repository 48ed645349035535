namespace MicroPythonRomfs.Romfs;

/// <summary>One thing to put in an image: a directory, a file on disk, or bytes in memory, at a path inside the image.</summary>
public sealed class RomfsSourceItem
{
    private RomfsSourceItem(string imagePath, bool isDirectory, string? sourceFile, ReadOnlyMemory<byte>? data)
    {
        if (imagePath == null)
        {
            throw new ArgumentNullException(nameof(imagePath));
        }

        ImagePath = imagePath.Replace('\\', '/').Trim('/');
        IsDirectory = isDirectory;
        SourceFile = sourceFile;
        Data = data;
    }

    /// <summary>The path inside the image, <c>/</c>-separated, without a leading <c>/</c>.</summary>
    public string ImagePath { get; }

    /// <summary>Whether this item is a (possibly empty) directory.</summary>
    public bool IsDirectory { get; }

    /// <summary>The file on disk whose bytes go into the image, or <see langword="null"/>.</summary>
    public string? SourceFile { get; }

    /// <summary>The bytes that go into the image when there is no <see cref="SourceFile"/>.</summary>
    public ReadOnlyMemory<byte>? Data { get; }

    /// <summary>A directory at <paramref name="imagePath"/> (parents of files are added implicitly; this adds empty ones).</summary>
    /// <param name="imagePath">The path inside the image.</param>
    /// <returns>The item.</returns>
    public static RomfsSourceItem ForDirectory(string imagePath) => new(imagePath, true, null, null);

    /// <summary>A file read from disk when the image is built.</summary>
    /// <param name="imagePath">The path inside the image.</param>
    /// <param name="sourceFile">The file on disk.</param>
    /// <returns>The item.</returns>
    public static RomfsSourceItem ForFile(string imagePath, string sourceFile) => new(imagePath, false, sourceFile ?? throw new ArgumentNullException(nameof(sourceFile)), null);

    /// <summary>A file whose bytes are given.</summary>
    /// <param name="imagePath">The path inside the image.</param>
    /// <param name="data">The file's bytes.</param>
    /// <returns>The item.</returns>
    public static RomfsSourceItem ForBytes(string imagePath, ReadOnlyMemory<byte> data) => new(imagePath, false, null, data);

    /// <inheritdoc/>
    public override string ToString() => IsDirectory ? ImagePath + "/" : ImagePath + " <- " + (SourceFile ?? "(memory)");
}
