using MicroPythonRomfs.Mpy;

namespace MicroPythonRomfs.Romfs;

/// <summary>
/// One file or directory of a ROMFS image, as read from its records. Immutable. An entry holds only its own name and
/// its parent; <see cref="Path"/> is put together when asked, so an image of many entries below long directory names
/// costs memory in proportion to its size, not to the sum of its paths.
/// </summary>
public sealed class RomfsEntry
{
    private readonly RomfsEntry? _parent;

    internal RomfsEntry(RomfsEntry? parent, string name, RomfsEntryKind kind, long length, long offset, long recordOffset, IReadOnlyList<RomfsEntry> children, ReadOnlySpan<byte> data = default)
    {
        if (kind == RomfsEntryKind.File && name.EndsWith(".mpy", StringComparison.Ordinal))
        {
            if (MpyHeader.TryRead(data, out var header, out var error))
            {
                MpyHeader = header;
                MpyDescription = header.Description;
            }
            else
            {
                MpyDescription = "not a valid .mpy: " + error;
            }
        }

        _parent = parent;
        Name = name;
        Kind = kind;
        Length = length;
        Offset = offset;
        RecordOffset = recordOffset;
        Children = children;
    }

    /// <summary>The path inside the image, <c>/</c>-separated, without a leading <c>/</c> (for example <c>lib/module1.mpy</c>).</summary>
    public string Path
    {
        get
        {
            if (_parent == null)
            {
                return Name;
            }

            var parts = new Stack<string>();
            var length = 0;
            for (var entry = this; entry != null; entry = entry._parent)
            {
                parts.Push(entry.Name);
                length += entry.Name.Length + 1;
            }

            var path = new System.Text.StringBuilder(length);
            foreach (var part in parts)
            {
                if (path.Length > 0)
                {
                    path.Append('/');
                }

                path.Append(part);
            }

            return path.ToString();
        }
    }

    /// <summary>The directory that holds this entry, or <see langword="null"/> for a top-level entry.</summary>
    internal RomfsEntry? Parent => _parent;

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

    /// <summary>For a <c>.mpy</c> file, its header; <see langword="null"/> for other entries and for a <c>.mpy</c> that is not one.</summary>
    public MpyHeader? MpyHeader { get; }

    /// <summary>
    /// For a <c>.mpy</c> file, what its header says, for example "mpy 6, bytecode only" or "mpy 6.3, xtensawin", or why it
    /// is not a valid <c>.mpy</c>; <see langword="null"/> for other entries.
    /// </summary>
    public string? MpyDescription { get; }

    /// <summary>Whether this entry is a directory.</summary>
    public bool IsDirectory => Kind == RomfsEntryKind.Directory;

    /// <inheritdoc/>
    public override string ToString() => Kind == RomfsEntryKind.Directory ? Path + "/" : $"{Path} ({Length} bytes)";
}
