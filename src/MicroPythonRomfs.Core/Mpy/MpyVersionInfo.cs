using System.Globalization;

namespace MicroPythonRomfs.Mpy;

/// <summary>
/// What <c>.mpy</c> files a board loads or a compiler emits: the mpy version, the sub-version, the native architecture
/// and its flags. A board reports it as the integer <c>sys.implementation._mpy</c> (version in bits 0-7, the feature
/// byte in bits 8-15, architecture flags from bit 16), decoded by <see cref="FromSysImplementation"/>.
/// </summary>
public sealed class MpyVersionInfo : IEquatable<MpyVersionInfo>
{
    /// <summary>Creates a version description.</summary>
    /// <param name="version">The mpy version, for example 6.</param>
    /// <param name="subVersion">The sub-version, 0 to 3.</param>
    /// <param name="architecture">The native architecture, or <see cref="MpyArchitecture.None"/>.</param>
    /// <param name="architectureFlags">Architecture-specific flags (RISC-V extensions), usually 0.</param>
    public MpyVersionInfo(int version, int subVersion, MpyArchitecture architecture = MpyArchitecture.None, ulong architectureFlags = 0)
    {
        if (version < 0 || version > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(version), version, "The mpy version is one byte, 0 to 255.");
        }

        if (subVersion < 0 || subVersion > 3)
        {
            throw new ArgumentOutOfRangeException(nameof(subVersion), subVersion, "The mpy sub-version is two bits, 0 to 3.");
        }

        Version = version;
        SubVersion = subVersion;
        Architecture = architecture;
        ArchitectureFlags = architectureFlags;
    }

    /// <summary>The mpy version, 6 for MicroPython 1.19 and later.</summary>
    public int Version { get; }

    /// <summary>The sub-version, 3 for MicroPython 1.23 and later; native code must match it exactly.</summary>
    public int SubVersion { get; }

    /// <summary>The native architecture the board runs, or <see cref="MpyArchitecture.None"/> when it runs bytecode only.</summary>
    public MpyArchitecture Architecture { get; }

    /// <summary>Architecture-specific flags, for example RISC-V extensions; 0 for most boards.</summary>
    public ulong ArchitectureFlags { get; }

    /// <summary>The <c>mpy-cross</c> option that makes code for this architecture, for example "-march=xtensawin"; <see langword="null"/> for none.</summary>
    public string? MarchOption => Architecture == MpyArchitecture.None ? null : "-march=" + MpyArchitectureNames.GetName(Architecture);

    /// <summary>A readable summary, for example "mpy 6.3, x64" or "mpy 6.3, bytecode only".</summary>
    public string Description
    {
        get
        {
            var flags = ArchitectureFlags != 0 ? $" (arch flags 0x{ArchitectureFlags:x})" : string.Empty;
            var architecture = Architecture == MpyArchitecture.None ? "bytecode only" : MpyArchitectureNames.GetName(Architecture);
            return $"mpy {Version}.{SubVersion}, {architecture}{flags}";
        }
    }

    /// <summary>Decodes <c>sys.implementation._mpy</c>, for example 2822 (0x0B06): mpy 6.3, x64.</summary>
    /// <param name="value">The integer the board printed.</param>
    /// <returns>The decoded version.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public static MpyVersionInfo FromSysImplementation(long value)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "sys.implementation._mpy is never negative.");
        }

        var version = (int)(value & 0xFF);
        var feature = (byte)((value >> 8) & 0xFF);
        return new MpyVersionInfo(
            version,
            MpyFeatureByte.DecodeSubVersion(version, feature),
            MpyFeatureByte.DecodeArchitecture(feature),
            (ulong)value >> 16);
    }

    /// <summary>Encodes this version the way <c>sys.implementation._mpy</c> does.</summary>
    /// <returns>The integer a board with this version would report.</returns>
    public long ToSysImplementation()
        => (long)((uint)Version | ((uint)MpyFeatureByte.Encode(SubVersion, Architecture, false) << 8) | (ArchitectureFlags << 16));

    /// <summary>Reads the "mpy vX.Y" part of <c>mpy-cross --version</c> output (no architecture: mpy-cross makes any).</summary>
    /// <param name="text">For example "MicroPython v1.29.0 on 2026-08-18; mpy-cross emitting mpy v6.3".</param>
    /// <param name="versionInfo">The version, when the text names one.</param>
    /// <returns>Whether the text held "mpy vX.Y".</returns>
    public static bool TryParseCompilerVersion(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MpyVersionInfo? versionInfo)
    {
        versionInfo = null;
        if (text == null)
        {
            return false;
        }

        const string marker = "mpy v";
        var at = text.LastIndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return false;
        }

        var position = at + marker.Length;
        if (!TryReadNumber(text, ref position, out var version))
        {
            return false;
        }

        var subVersion = 0;
        if (position < text.Length && text[position] == '.')
        {
            position++;
            if (!TryReadNumber(text, ref position, out subVersion))
            {
                return false;
            }
        }

        if (version > 255 || subVersion > 3)
        {
            return false;
        }

        versionInfo = new MpyVersionInfo(version, subVersion);
        return true;
    }

    /// <inheritdoc/>
    public bool Equals(MpyVersionInfo? other)
        => other != null && other.Version == Version && other.SubVersion == SubVersion && other.Architecture == Architecture && other.ArchitectureFlags == ArchitectureFlags;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as MpyVersionInfo);

    /// <inheritdoc/>
    public override int GetHashCode() => (int)ToSysImplementation() ^ (int)(ArchitectureFlags >> 16);

    /// <inheritdoc/>
    public override string ToString() => Description;

    private static bool TryReadNumber(string text, ref int position, out int number)
    {
        number = 0;
        var start = position;
        while (position < text.Length && position - start < 4 && text[position] >= '0' && text[position] <= '9')
        {
            position++;
        }

        return position > start && int.TryParse(text.Substring(start, position - start), NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }
}
