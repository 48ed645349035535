using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace MicroPythonRomfs.Mpy;

/// <summary>
/// The header of a <c>.mpy</c> file (upstream docs/reference/mpyfiles.rst): the magic byte <c>'M'</c>, the mpy version,
/// the feature byte (sub-version and native architecture), the number of bits in a small int, and, for mpy 6 files,
/// the source name the compiler embedded (mpy-cross <c>-s</c>).
/// </summary>
public sealed class MpyHeader
{
    /// <summary>The first byte of every <c>.mpy</c> file, ASCII <c>'M'</c>.</summary>
    public const byte Magic = (byte)'M';

    /// <summary>The number of fixed header bytes.</summary>
    public const int FixedLength = 4;

    // A source name longer than this is not a path anyone embeds; refusing it keeps a hostile length from allocating.
    private const int MaxSourceNameLength = 4096;

    private MpyHeader(int version, byte featureByte, int smallIntBits, ulong? architectureFlags, int length, string? sourceName)
    {
        Version = version;
        FeatureByte = featureByte;
        SubVersion = MpyFeatureByte.DecodeSubVersion(version, featureByte);
        Architecture = MpyFeatureByte.DecodeArchitecture(featureByte);
        SmallIntBits = smallIntBits;
        ArchitectureFlags = architectureFlags;
        Length = length;
        SourceName = sourceName;
    }

    /// <summary>The bytecode version (byte 1), 6 for MicroPython 1.19 and later.</summary>
    public int Version { get; }

    /// <summary>The raw feature byte (byte 2).</summary>
    public byte FeatureByte { get; }

    /// <summary>
    /// The sub-version from the feature byte (0-3). Upstream writes it only into files with native code; a
    /// bytecode-only file has 0 here and loads on every board of the same <see cref="Version"/>.
    /// </summary>
    public int SubVersion { get; }

    /// <summary>The architecture of the native code in the file, or <see cref="MpyArchitecture.None"/> for bytecode only.</summary>
    public MpyArchitecture Architecture { get; }

    /// <summary>Whether the file holds native machine code (and so runs only on a matching architecture and sub-version).</summary>
    public bool HasNativeCode => Architecture != MpyArchitecture.None;

    /// <summary>The architecture-specific flags that follow the header when feature bit 6 is set, else <see langword="null"/>.</summary>
    public ulong? ArchitectureFlags { get; }

    /// <summary>The minimum number of bits the loading board's small ints must have (byte 3).</summary>
    public int SmallIntBits { get; }

    /// <summary>The number of header bytes, including the architecture flags when present.</summary>
    public int Length { get; }

    /// <summary>
    /// The source name embedded by the compiler (the first entry of the qstr table), for example "basic/main.py";
    /// <see langword="null"/> when the data stops before it or the file is not mpy 6.
    /// </summary>
    public string? SourceName { get; }

    /// <summary>A readable summary, for example "mpy 6, bytecode only" or "mpy 6.3, xtensawin".</summary>
    public string Description
    {
        get
        {
            if (HasNativeCode)
            {
                var flags = ArchitectureFlags is ulong f && f != 0 ? $" (arch flags 0x{f:x})" : string.Empty;
                return $"mpy {VersionText(true)}, {MpyArchitectureNames.GetName(Architecture)}{flags}";
            }

            return $"mpy {VersionText(SubVersion != 0)}, bytecode only";
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Description;

    /// <summary>Reads the header at the start of <paramref name="data"/>.</summary>
    /// <param name="data">The file's bytes; the first few hundred suffice (more lets <see cref="SourceName"/> be read).</param>
    /// <param name="fileName">The file or entry name, for error messages.</param>
    /// <returns>The header.</returns>
    /// <exception cref="MpyFormatException">The bytes are not a <c>.mpy</c> header; the message names the file and offset.</exception>
    public static MpyHeader Read(ReadOnlySpan<byte> data, string? fileName = null)
    {
        if (!TryRead(data, out var header, out var offset, out var problem))
        {
            throw new MpyFormatException(fileName, offset, problem);
        }

        return header;
    }

    /// <summary>Reads the header at the start of <paramref name="data"/> without throwing.</summary>
    /// <param name="data">The file's bytes.</param>
    /// <param name="header">The header, when the bytes start with one.</param>
    /// <param name="error">Why the bytes are not a <c>.mpy</c> header, naming the byte offset, when they are not.</param>
    /// <returns>Whether a header was read.</returns>
    public static bool TryRead(ReadOnlySpan<byte> data, [NotNullWhen(true)] out MpyHeader? header, [NotNullWhen(false)] out string? error)
    {
        if (TryRead(data, out header, out var offset, out var problem))
        {
            error = null;
            return true;
        }

        error = $"{problem} (at byte offset {offset})";
        return false;
    }

    /// <summary>Reads the header of a file on disk.</summary>
    /// <param name="path">The <c>.mpy</c> file.</param>
    /// <returns>The header.</returns>
    /// <exception cref="MpyFormatException">The file does not start with a <c>.mpy</c> header.</exception>
    public static MpyHeader ReadFile(string path)
    {
        if (path == null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        // The header and the source name sit in the first bytes; a bounded read keeps huge files cheap.
        var buffer = new byte[FixedLength + 10 + 10 + 10 + MaxSourceNameLength + 1];
        int filled;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            filled = 0;
            int read;
            while (filled < buffer.Length && (read = stream.Read(buffer, filled, buffer.Length - filled)) > 0)
            {
                filled += read;
            }
        }

        return Read(new ReadOnlySpan<byte>(buffer, 0, filled), path);
    }

    private static bool TryRead(ReadOnlySpan<byte> data, [NotNullWhen(true)] out MpyHeader? header, out long offset, out string problem)
    {
        header = null;
        problem = string.Empty;
        if (data.Length < FixedLength)
        {
            offset = data.Length;
            problem = $"the header needs {FixedLength} bytes but only {data.Length} are present";
            return false;
        }

        if (data[0] != Magic)
        {
            offset = 0;
            problem = $"the first byte is 0x{data[0]:x2}, not 'M' (0x4d)";
            return false;
        }

        var version = data[1];
        var feature = data[2];
        var smallIntBits = data[3];
        var position = FixedLength;
        ulong? flags = null;
        if ((feature & MpyFeatureByte.ArchitectureFlagsPresent) != 0)
        {
            if (!TryReadVaruint(data, ref position, out var value, out offset, out problem))
            {
                problem = "the architecture flags " + problem;
                return false;
            }

            flags = value;
        }

        var length = position;
        var sourceName = version == MpyFeatureByte.FirstVersionWithSubVersion ? TryReadSourceName(data, position) : null;
        header = new MpyHeader(version, feature, smallIntBits, flags, length, sourceName);
        offset = 0;
        return true;
    }

    // The qstr table comes first after the header; mpy-cross puts the source name in slot 0.
    private static string? TryReadSourceName(ReadOnlySpan<byte> data, int position)
    {
        if (!TryReadVaruint(data, ref position, out _, out _, out _)
            || !TryReadVaruint(data, ref position, out _, out _, out _)
            || !TryReadVaruint(data, ref position, out var encoded, out _, out _))
        {
            return null;
        }

        // Odd values name a qstr built into the firmware rather than carrying text.
        if ((encoded & 1) != 0)
        {
            return null;
        }

        var length = encoded >> 1;
        if (length > MaxSourceNameLength || (ulong)(data.Length - position) < length + 1 || data[position + (int)length] != 0)
        {
            return null;
        }

        var bytes = data.Slice(position, (int)length).ToArray();
        return Encoding.UTF8.GetString(bytes);
    }

    private static bool TryReadVaruint(ReadOnlySpan<byte> data, ref int position, out ulong value, out long offset, out string problem)
    {
        value = 0;
        offset = position;
        problem = string.Empty;
        for (var count = 0; count < 10; count++)
        {
            if (position >= data.Length)
            {
                offset = position;
                problem = "end before their last byte";
                return false;
            }

            var b = data[position++];
            value = (value << 7) | (uint)(b & 0x7F);
            if ((b & 0x80) == 0)
            {
                return true;
            }
        }

        problem = "are longer than 10 bytes";
        return false;
    }

    private string VersionText(bool withSubVersion) => withSubVersion && Version >= MpyFeatureByte.FirstVersionWithSubVersion ? $"{Version}.{SubVersion}" : Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
