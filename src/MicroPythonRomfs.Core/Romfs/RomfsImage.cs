using System.Security.Cryptography;
using System.Text;

namespace MicroPythonRomfs.Romfs;

/// <summary>
/// A parsed ROMFS image: its entries and access to their data. Parsing treats the bytes as hostile: every length
/// is checked against the bytes that remain, nesting depth is capped, and no recursion follows the input's depth.
/// Like the device, it follows data-pointer records and skips padding and unknown record kinds.
/// </summary>
public sealed class RomfsImage
{
    /// <summary>The deepest directory nesting accepted; deeper images are rejected.</summary>
    public const int MaxDepth = 128;

    /// <summary>The longest entry name accepted, in UTF-8 bytes: what common file systems allow for one name.</summary>
    public const int MaxNameLength = 255;

    /// <summary>
    /// The longest path inside an image accepted, in UTF-8 bytes (names and the <c>/</c> between them). Boards
    /// build import paths in buffers far smaller, and the cap keeps listing an image in proportion to its size.
    /// </summary>
    public const int MaxPathLength = 1024;

    /// <summary>The largest image <see cref="Read(Stream, long)"/> accepts by default (256 MiB).</summary>
    public const long DefaultMaxStreamLength = 256L * 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private RomfsImage(ReadOnlyMemory<byte> bytes, long payloadOffset, IReadOnlyList<RomfsEntry> root, IReadOnlyList<RomfsEntry> entries)
    {
        Bytes = bytes;
        PayloadOffset = payloadOffset;
        RootEntries = root;
        Entries = entries;
        FileCount = entries.Count(e => e.Kind == RomfsEntryKind.File);
        DirectoryCount = entries.Count - FileCount;
    }

    /// <summary>The image's bytes: the filesystem record only, without any bytes that followed it in the input.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>The image's length in bytes (header, length and payload).</summary>
    public long Length => Bytes.Length;

    /// <summary>Where the filesystem payload starts; data-pointer offsets count from here.</summary>
    public long PayloadOffset { get; }

    /// <summary>The top-level entries in image order.</summary>
    public IReadOnlyList<RomfsEntry> RootEntries { get; }

    /// <summary>Every entry, depth-first in image order (a directory before its contents).</summary>
    public IReadOnlyList<RomfsEntry> Entries { get; }

    /// <summary>The number of files.</summary>
    public int FileCount { get; }

    /// <summary>The number of directories.</summary>
    public int DirectoryCount { get; }

    /// <summary>Parses an image. Bytes after the filesystem record (for example erased flash) are ignored.</summary>
    /// <param name="image">The bytes, starting with <c>d2 cd 31</c>.</param>
    /// <returns>The parsed image.</returns>
    /// <exception cref="RomfsFormatException">The bytes are not a well-formed image; the message names the offset.</exception>
    public static RomfsImage Parse(ReadOnlyMemory<byte> image) => new Parser(image).Run();

    /// <summary>Parses an image held in an array.</summary>
    /// <param name="image">The bytes, starting with <c>d2 cd 31</c>.</param>
    /// <returns>The parsed image.</returns>
    /// <exception cref="RomfsFormatException">The bytes are not a well-formed image.</exception>
    public static RomfsImage Parse(byte[] image)
    {
        if (image == null)
        {
            throw new ArgumentNullException(nameof(image));
        }

        return Parse(new ReadOnlyMemory<byte>(image));
    }

    /// <summary>Reads a whole stream and parses it as an image.</summary>
    /// <param name="stream">The stream, positioned at the image's first byte.</param>
    /// <param name="maxLength">The most bytes to accept, so a huge stream cannot exhaust memory.</param>
    /// <returns>The parsed image.</returns>
    /// <exception cref="RomfsFormatException">The bytes are not a well-formed image, or exceed <paramref name="maxLength"/>.</exception>
    public static RomfsImage Read(Stream stream, long maxLength = DefaultMaxStreamLength)
    {
        if (stream == null)
        {
            throw new ArgumentNullException(nameof(stream));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > maxLength)
            {
                throw new RomfsFormatException(maxLength, $"the input is longer than the {maxLength}-byte limit.");
            }

            buffer.Write(chunk, 0, read);
        }

        return Parse(buffer.ToArray());
    }

    /// <summary>Returns a file's data.</summary>
    /// <param name="entry">A file entry of this image.</param>
    /// <returns>The file's bytes, a slice of <see cref="Bytes"/>.</returns>
    public ReadOnlyMemory<byte> GetData(RomfsEntry entry)
    {
        if (entry == null)
        {
            throw new ArgumentNullException(nameof(entry));
        }

        if (entry.Kind != RomfsEntryKind.File)
        {
            throw new ArgumentException($"'{entry.Path}' is a directory and has no data.", nameof(entry));
        }

        return Bytes.Slice((int)entry.Offset, (int)entry.Length);
    }

    /// <summary>Looks an entry up by its path inside the image (<c>/</c>-separated; a leading <c>/</c> is allowed).</summary>
    /// <param name="path">The path.</param>
    /// <param name="entry">The entry, when found.</param>
    /// <returns>Whether the entry exists.</returns>
    public bool TryGetEntry(string path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RomfsEntry? entry)
    {
        if (path == null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        // A walk down the tree, name by name: no table of every path is kept (see RomfsEntry.Path).
        entry = null;
        IReadOnlyList<RomfsEntry> level = RootEntries;
        foreach (var part in path.TrimStart('/').Split('/'))
        {
            entry = null;
            foreach (var candidate in level)
            {
                if (string.Equals(candidate.Name, part, StringComparison.Ordinal))
                {
                    entry = candidate;
                    break;
                }
            }

            if (entry == null)
            {
                return false;
            }

            level = entry.Children;
        }

        return entry != null;
    }

    /// <summary>Computes the SHA-256 of the image's bytes.</summary>
    /// <returns>64 lower-case hex digits.</returns>
    public string ComputeHash() => ComputeHash(Bytes.Span);

    internal static string ComputeHash(ReadOnlySpan<byte> bytes)
    {
        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(bytes.ToArray());
        var text = new StringBuilder(hash.Length * 2);
        foreach (var b in hash)
        {
            text.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    private sealed class Frame
    {
        public Frame(int end, RomfsEntry? directory, List<RomfsEntry> children, int pathLength)
        {
            End = end;
            Directory = directory;
            Children = children;
            PathLength = pathLength;
        }

        public int End { get; }

        public RomfsEntry? Directory { get; }

        public List<RomfsEntry> Children { get; }

        /// <summary>The UTF-8 length of the directory's path inside the image.</summary>
        public int PathLength { get; }
    }

    private sealed class Parser
    {
        private readonly ReadOnlyMemory<byte> _memory;
        private int _payloadStart;
        private int _payloadEnd;

        public Parser(ReadOnlyMemory<byte> memory) => _memory = memory;

        private ReadOnlySpan<byte> Span => _memory.Span;

        public RomfsImage Run()
        {
            var span = Span;
            if (span.Length < 4)
            {
                throw new RomfsFormatException(span.Length, $"the image is {span.Length} bytes long; a ROMFS image has at least 4.");
            }

            if (span[0] != 0xD2 || span[1] != 0xCD || span[2] != 0x31)
            {
                throw new RomfsFormatException(0, $"the image does not start with the ROMFS header d2 cd 31 (found {span[0]:x2} {span[1]:x2} {span[2]:x2}).");
            }

            var position = 3;
            var length = ReadVaruint(ref position, span.Length, "the filesystem length");
            if (length > span.Length - position)
            {
                throw new RomfsFormatException(position, $"the filesystem declares {length} bytes of payload but only {span.Length - position} follow (truncated image).");
            }

            _payloadStart = position;
            _payloadEnd = position + (int)length;

            // Entries are made as their records are met, each knowing only its name and parent: no full path is
            // built here, so memory stays in proportion to the image whatever its names and nesting.
            var rootChildren = new List<RomfsEntry>();
            var entries = new List<RomfsEntry>();
            var stack = new List<Frame> { new(_payloadEnd, null, rootChildren, 0) };
            while (stack.Count > 0)
            {
                var frame = stack[stack.Count - 1];
                if (position >= frame.End)
                {
                    stack.RemoveAt(stack.Count - 1);
                    continue;
                }

                var recordOffset = position;
                var kind = ReadVaruint(ref position, frame.End, "a record kind");
                var recordLength = ReadVaruint(ref position, frame.End, "a record length");
                if (recordLength > frame.End - position)
                {
                    throw new RomfsFormatException(recordOffset, $"the record declares {recordLength} bytes but its enclosing record ends {frame.End - position} bytes later.");
                }

                var recordEnd = position + (int)recordLength;
                switch (kind)
                {
                    case RomfsRecordKind.Unused:
                        throw new RomfsFormatException(recordOffset, "record kind 0 (unused) marks a corrupt or erased filesystem.");

                    case RomfsRecordKind.Directory:
                    {
                        if (stack.Count > MaxDepth)
                        {
                            throw new RomfsFormatException(recordOffset, $"directories are nested deeper than {MaxDepth} levels.");
                        }

                        var (name, pathLength) = ReadName(ref position, recordEnd, recordOffset, frame.PathLength);
                        var children = new List<RomfsEntry>();
                        var directory = new RomfsEntry(frame.Directory, name, RomfsEntryKind.Directory, 0, recordOffset, recordOffset, children);
                        frame.Children.Add(directory);
                        entries.Add(directory);
                        stack.Add(new Frame(recordEnd, directory, children, pathLength));
                        break;
                    }

                    case RomfsRecordKind.File:
                    {
                        var (name, _) = ReadName(ref position, recordEnd, recordOffset, frame.PathLength);
                        var (dataOffset, dataLength) = ReadFileData(position, recordEnd, recordOffset);
                        var file = new RomfsEntry(frame.Directory, name, RomfsEntryKind.File, dataLength, dataOffset, recordOffset, Array.Empty<RomfsEntry>(), span.Slice((int)dataOffset, (int)dataLength));
                        frame.Children.Add(file);
                        entries.Add(file);
                        position = recordEnd;
                        break;
                    }

                    default:
                        // Padding, stray data records and kinds from future format versions: the device skips them.
                        position = recordEnd;
                        break;
                }
            }

            return new RomfsImage(_memory.Slice(0, _payloadEnd), _payloadStart, rootChildren.ToArray(), entries);
        }

        private (long Offset, long Length) ReadFileData(int position, int end, int fileRecordOffset)
        {
            while (position < end)
            {
                var recordOffset = position;
                var kind = ReadVaruint(ref position, end, "a record kind");
                var length = ReadVaruint(ref position, end, "a record length");
                if (length > end - position)
                {
                    throw new RomfsFormatException(recordOffset, $"the record declares {length} bytes but the file record ends {end - position} bytes later.");
                }

                var recordEnd = position + (int)length;
                switch (kind)
                {
                    case RomfsRecordKind.Unused:
                        throw new RomfsFormatException(recordOffset, "record kind 0 (unused) marks a corrupt or erased filesystem.");
                    case RomfsRecordKind.DataVerbatim:
                        return (position, length);
                    case RomfsRecordKind.DataPointer:
                    {
                        var size = ReadVaruint(ref position, recordEnd, "a data pointer's size");
                        var offset = ReadVaruint(ref position, recordEnd, "a data pointer's offset");
                        var payloadLength = _payloadEnd - _payloadStart;
                        if (offset > payloadLength || size > payloadLength - offset)
                        {
                            throw new RomfsFormatException(recordOffset, $"the data pointer (offset {offset}, {size} bytes) points past the end of the {payloadLength}-byte filesystem payload.");
                        }

                        return (_payloadStart + offset, size);
                    }

                    default:
                        position = recordEnd;
                        break;
                }
            }

            throw new RomfsFormatException(fileRecordOffset, "the file record holds no data record.");
        }

        private (string Name, int PathLength) ReadName(ref int position, int end, int recordOffset, int parentPathLength)
        {
            var nameLength = ReadVaruint(ref position, end, "a name length");
            if (nameLength > end - position)
            {
                throw new RomfsFormatException(position, $"the name is {nameLength} bytes long but its record ends {end - position} bytes later.");
            }

            if (nameLength > MaxNameLength)
            {
                throw new RomfsFormatException(recordOffset, $"the record's name is {nameLength} bytes long; names may be at most {MaxNameLength} bytes.");
            }

            var pathLength = parentPathLength + (parentPathLength > 0 ? 1 : 0) + (int)nameLength;
            if (pathLength > MaxPathLength)
            {
                throw new RomfsFormatException(recordOffset, $"the record's path inside the image is {pathLength} bytes long; paths may be at most {MaxPathLength} bytes.");
            }

            try
            {
                var name = StrictUtf8.GetString(_memory.Slice(position, (int)nameLength).ToArray());
                position += (int)nameLength;
                return (name, pathLength);
            }
            catch (DecoderFallbackException)
            {
                throw new RomfsFormatException(position, $"the name of the record at offset {recordOffset} is not valid UTF-8.");
            }
        }

        private long ReadVaruint(ref int position, int limit, string what)
        {
            var start = position;
            switch (Varuint.TryRead(Span, ref position, limit, out var value))
            {
                case VaruintReadStatus.Success:
                    return value;
                case VaruintReadStatus.Overflow:
                    throw new RomfsFormatException(start, $"{what} is larger than 63 bits.");
                default:
                    throw new RomfsFormatException(start, $"{what} runs past the end of its record (truncated image).");
            }
        }
    }
}
