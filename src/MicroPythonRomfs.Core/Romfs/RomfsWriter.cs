using System.Text;

namespace MicroPythonRomfs.Romfs;

/// <summary>
/// Writes ROMFS records: directories and files are added in the order they should appear, then
/// <see cref="ToArray"/> lays the image out. Without alignment the bytes match upstream <c>mpremote romfs build</c>
/// for the same order of entries.
/// </summary>
/// <remarks>
/// Alignment: the device reader (<c>extmod/vfs_rom.c</c>) decodes varuints by accumulating 7-bit groups, so a
/// varuint with leading <c>0x80</c> bytes has the same value, and upstream documents that padding as harmless.
/// Padding records need at least 2 bytes and so cannot shift data by one byte; padded varuints can shift it by any
/// amount. The writer therefore aligns a file's data by widening the length varuint of its data record, and it
/// writes every directory and file record length with one fixed width so that the layout can be written front to
/// back in one pass. The image's total length must be even; when it is odd a 3-byte padding record
/// (kind 1, length 1) is appended at the top level, which the device skips.
/// </remarks>
public sealed class RomfsWriter
{
    /// <summary>The largest alignment accepted.</summary>
    public const int MaxAlignment = 65536;

    private static readonly byte[] Header = { 0xD2, 0xCD, 0x31 };

    private readonly Node _root = new(null, Array.Empty<byte>(), isDirectory: true, default);
    private readonly List<Node> _open = new();
    private readonly int _align;
    private int _fileCount;
    private int _containerCount;

    /// <summary>Creates a writer.</summary>
    /// <param name="alignment">The byte alignment of every file's data from the start of the image: 1 (none, the upstream layout) or a power of two up to <see cref="MaxAlignment"/>.</param>
    public RomfsWriter(int alignment = 1)
    {
        if (alignment < 1 || alignment > MaxAlignment || (alignment & (alignment - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(alignment), alignment, $"The alignment must be a power of two from 1 to {MaxAlignment}.");
        }

        _align = alignment;
        _open.Add(_root);
    }

    /// <summary>The alignment of file data, in bytes.</summary>
    public int Alignment => _align;

    /// <summary>Starts a directory inside the current one; entries added next go into it until <see cref="CloseDirectory"/>.</summary>
    /// <param name="name">The directory's name: not empty, no <c>/</c> or NUL, not <c>.</c> or <c>..</c>.</param>
    public void OpenDirectory(string name)
    {
        if (_open.Count > RomfsImage.MaxDepth)
        {
            throw new InvalidOperationException($"Directories cannot be nested deeper than {RomfsImage.MaxDepth} levels ('{name}').");
        }

        var node = new Node(name, EncodeName(name), isDirectory: true, default);
        Current.Children.Add(node);
        _open.Add(node);
        _containerCount++;
    }

    /// <summary>Ends the directory opened last.</summary>
    public void CloseDirectory()
    {
        if (_open.Count == 1)
        {
            throw new InvalidOperationException("No directory is open.");
        }

        _open.RemoveAt(_open.Count - 1);
    }

    /// <summary>Adds a file to the current directory.</summary>
    /// <param name="name">The file's name: not empty, no <c>/</c> or NUL, not <c>.</c> or <c>..</c>.</param>
    /// <param name="data">The file's bytes; kept by reference until <see cref="ToArray"/>.</param>
    public void AddFile(string name, ReadOnlyMemory<byte> data)
    {
        Current.Children.Add(new Node(name, EncodeName(name), isDirectory: false, data));
        _fileCount++;
        _containerCount++;
    }

    /// <summary>
    /// Adds padding records to the current directory, <paramref name="length"/> bytes in all, which the device skips:
    /// the delta-friendly layout uses them to keep an image's length, and so every record header above the padding,
    /// the same while the files before it change size.
    /// </summary>
    /// <param name="length">The bytes the records take, record headers included: 0, or 2 and more.</param>
    public void AddPadding(int length)
    {
        if (length == 1 || length < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "Padding takes 0 bytes, or 2 and more: a record has a kind and a length.");
        }

        if (length > 0)
        {
            Current.Children.Add(new Node(null, Array.Empty<byte>(), isDirectory: false, default) { Padding = length });
        }
    }

    /// <summary>Lays out the image. Directories still open are closed implicitly.</summary>
    /// <returns>The image bytes.</returns>
    public byte[] ToArray()
    {
        var payload = PayloadSize(_root);
        var aligned = _align > 1;
        int width;
        long capacity;
        if (aligned)
        {
            var bound = 3 + Varuint.MaxEncodedLength + payload + ((long)_fileCount * (_align - 1)) + ((long)_containerCount * Varuint.MaxEncodedLength) + 3;
            width = Varuint.GetEncodedLength((ulong)bound);
            capacity = bound;
        }
        else
        {
            width = Varuint.GetEncodedLength((ulong)payload);
            if ((Header.Length + width + payload) % 2 == 1)
            {
                // Upstream keeps the image's length even by widening the length varuint by one byte.
                width++;
            }

            capacity = Header.Length + width + payload;
        }

        if (capacity > RomfsImage.DefaultMaxStreamLength)
        {
            // The reader refuses longer images, so the writer never makes one.
            throw new InvalidOperationException($"The image would be {capacity} bytes, more than the {RomfsImage.DefaultMaxStreamLength} bytes (256 MiB) an image may hold.");
        }

        var output = new byte[capacity];
        var position = 0;
        Header.CopyTo(output, 0);
        position += Header.Length;
        var lengthAt = position;
        position += width;
        var payloadStart = position;
        foreach (var child in _root.Children)
        {
            WriteNode(output, ref position, child, aligned);
        }

        if (aligned && position % 2 == 1)
        {
            output[position++] = (byte)RomfsRecordKind.Padding;
            output[position++] = 1;
            output[position++] = 0;
        }

        Varuint.Write(output.AsSpan(lengthAt), (ulong)(position - payloadStart), width);
        if (position != output.Length)
        {
            Array.Resize(ref output, position);
        }

        return output;
    }

    private Node Current => _open[_open.Count - 1];

    private static byte[] EncodeName(string name)
    {
        if (name == null)
        {
            throw new ArgumentNullException(nameof(name));
        }

        if (name.Length == 0 || name == "." || name == ".." || name.IndexOf('/') >= 0 || name.IndexOf('\0') >= 0)
        {
            throw new ArgumentException($"'{name}' cannot be a ROMFS entry name: names are not empty, not '.' or '..', and hold no '/' or NUL.", nameof(name));
        }

        byte[] bytes;
        try
        {
            bytes = new UTF8Encoding(false, true).GetBytes(name);
        }
        catch (EncoderFallbackException)
        {
            throw new ArgumentException($"'{name}' holds an unpaired surrogate and has no UTF-8 form.", nameof(name));
        }

        // The reader refuses longer names, so the writer never makes an image holding one.
        if (bytes.Length > RomfsImage.MaxNameLength)
        {
            throw new ArgumentException($"The name '{name.Substring(0, 40)}...' is {bytes.Length} bytes long in UTF-8; ROMFS entry names may be at most {RomfsImage.MaxNameLength} bytes.", nameof(name));
        }

        return bytes;
    }

    private static long RecordSize(long kind, long payload) => Varuint.GetEncodedLength((ulong)kind) + Varuint.GetEncodedLength((ulong)payload) + payload;

    private static long NameFieldSize(Node node) => Varuint.GetEncodedLength((ulong)node.NameBytes.Length) + node.NameBytes.Length;

    private static long PayloadSize(Node node)
    {
        if (node.Padding > 0)
        {
            node.Payload = node.Padding;
            return node.Payload;
        }

        if (!node.IsDirectory)
        {
            node.Payload = NameFieldSize(node) + RecordSize(RomfsRecordKind.DataVerbatim, node.Data.Length);
            return node.Payload;
        }

        long total = node.Name == null ? 0 : NameFieldSize(node);
        foreach (var child in node.Children)
        {
            var childPayload = PayloadSize(child);
            total += child.Padding > 0 ? child.Padding : RecordSize(child.IsDirectory ? RomfsRecordKind.Directory : RomfsRecordKind.File, childPayload);
        }

        node.Payload = total;
        return total;
    }

    private void WriteNode(byte[] output, ref int position, Node node, bool aligned)
    {
        if (node.Padding > 0)
        {
            WritePadding(output, ref position, node.Padding);
            return;
        }

        output[position++] = (byte)(node.IsDirectory ? RomfsRecordKind.Directory : RomfsRecordKind.File);
        var width = aligned ? Varuint.GetEncodedLength((ulong)output.Length) : Varuint.GetEncodedLength((ulong)node.Payload);
        var lengthAt = position;
        position += width;
        var payloadStart = position;
        position += Varuint.Write(output.AsSpan(position), (ulong)node.NameBytes.Length);
        node.NameBytes.CopyTo(output, position);
        position += node.NameBytes.Length;
        if (node.IsDirectory)
        {
            foreach (var child in node.Children)
            {
                WriteNode(output, ref position, child, aligned);
            }
        }
        else
        {
            output[position++] = (byte)RomfsRecordKind.DataVerbatim;
            var dataLength = node.Data.Length;
            var lengthWidth = Varuint.GetEncodedLength((ulong)dataLength);
            if (aligned)
            {
                var misalignment = (position + lengthWidth) % _align;
                if (misalignment != 0)
                {
                    lengthWidth += _align - misalignment;
                }
            }

            position += Varuint.Write(output.AsSpan(position), (ulong)dataLength, lengthWidth);
            node.Data.Span.CopyTo(output.AsSpan(position));
            position += dataLength;
        }

        Varuint.Write(output.AsSpan(lengthAt), (ulong)(position - payloadStart), width);
    }

    // Padding records of exactly `length` bytes: one where some data length makes kind + length varuint + data add up,
    // else a 2-byte record (kind 1, length 0) and one more.
    private static void WritePadding(byte[] output, ref int position, int length)
    {
        for (var width = 1; width <= 3; width++)
        {
            var data = length - 1 - width;
            if (data >= 0 && Varuint.GetEncodedLength((ulong)data) == width)
            {
                output[position++] = (byte)RomfsRecordKind.Padding;
                position += Varuint.Write(output.AsSpan(position), (ulong)data);
                Array.Clear(output, position, data);
                position += data;
                return;
            }
        }

        output[position++] = (byte)RomfsRecordKind.Padding;
        output[position++] = 0;
        WritePadding(output, ref position, length - 2);
    }

    private sealed class Node
    {
        public Node(string? name, byte[] nameBytes, bool isDirectory, ReadOnlyMemory<byte> data)
        {
            Name = name;
            NameBytes = nameBytes;
            IsDirectory = isDirectory;
            Data = data;
        }

        public string? Name { get; }

        public byte[] NameBytes { get; }

        public bool IsDirectory { get; }

        public ReadOnlyMemory<byte> Data { get; }

        public List<Node> Children { get; } = new();

        public long Payload { get; set; }

        /// <summary>For padding: the bytes its records take in all; 0 for a file or directory.</summary>
        public int Padding { get; init; }
    }
}
