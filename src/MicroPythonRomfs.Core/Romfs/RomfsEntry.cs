namespace MicroPythonRomfs.Romfs;

/// <summary>One file or directory of a ROMFS image, as read from its records. Immutable.</summary>
public sealed class RomfsEntry
{
    internal RomfsEntry(string path, string name, RomfsEntryKind kind, long length, long offset, long recordOffset, IReadOnlyList<RomfsEntry> children)
    {
        Path = path;
        Name = name;
        Kind = kind;
        Length = length;
        Offset = offset;
        RecordOffset = recordOffset;
        Children = children;
    }

    /// <summary>The path inside the image, <c>/</c>-separated, without a leading <c>/</c> (for example <c>lib/module1.mpy</c>).</summary>
    public string Path { get; }

    /// <summary>The entry's own name (the last part of <see cref="Path"/>).</summary>
    public string Name { get; }

    /// <summary>Whether the entry is a file or a directory.</summary>
    public RomfsEntryKind Kind { get; }

    /// <summary>A file's size in bytes; 0 for a directory.</summary>
    public long Length { get; }

    /// <summary>For a file, the byte offset of its data from the start of the image; for a directory, <see cref="RecordOffset"/>.</summary>
    public long Offset { get; }

    /// <summary>The byte offset of the entry's record from the start of the image.</summary>
    public long RecordOffset { get; }

    /// <summary>A directory's entries in image order; empty for a file.</summary>
    public IReadOnlyList<RomfsEntry> Children { get; }

    /// <summary>Whether this entry is a directory.</summary>
    public bool IsDirectory => Kind == RomfsEntryKind.Directory;

    /// <inheritdoc/>
    public override string ToString() => Kind == RomfsEntryKind.Directory ? Path + "/" : $"{Path} ({Length} bytes)";
}
