namespace MicroPythonRomfs.Partitions;

/// <summary>What a board offers for partition work, as <see cref="PartitionScripts.Capabilities"/> reports it.</summary>
public sealed class BoardCapabilities
{
    /// <summary>Creates a description.</summary>
    /// <param name="hasRomIoctl">Whether <c>vfs.rom_ioctl</c> exists.</param>
    /// <param name="hasA2bBase64">Whether <c>binascii.a2b_base64</c> exists.</param>
    /// <param name="hasDeflate">Whether <c>deflate.DeflateIO</c> and <c>io.BytesIO</c> exist (and base64 to carry the data).</param>
    /// <param name="hasSha256">Whether <c>hashlib.sha256</c> exists.</param>
    /// <param name="hasCrc32">Whether <c>binascii.crc32</c> exists.</param>
    /// <param name="hasB2aBase64">Whether <c>binascii.b2a_base64</c> exists.</param>
    /// <param name="hasHexlify">Whether <c>binascii.hexlify</c> exists.</param>
    /// <param name="hasFromHex">Whether <c>bytes.fromhex</c> exists.</param>
    /// <param name="partitionCount">What <c>vfs.rom_ioctl(1)</c> answered, or 0 without ROMFS.</param>
    public BoardCapabilities(bool hasRomIoctl, bool hasA2bBase64, bool hasDeflate, bool hasSha256, bool hasCrc32, bool hasB2aBase64, bool hasHexlify, bool hasFromHex, int partitionCount)
    {
        HasRomIoctl = hasRomIoctl;
        HasA2bBase64 = hasA2bBase64;
        HasDeflate = hasDeflate && hasA2bBase64;
        HasSha256 = hasSha256;
        HasCrc32 = hasCrc32;
        HasB2aBase64 = hasB2aBase64;
        HasHexlify = hasHexlify;
        HasFromHex = hasFromHex;
        PartitionCount = partitionCount;
    }

    /// <summary>Whether <c>vfs.rom_ioctl</c> exists: the board has ROMFS support.</summary>
    public bool HasRomIoctl { get; }

    /// <summary>Whether <c>binascii.a2b_base64</c> exists.</summary>
    public bool HasA2bBase64 { get; }

    /// <summary>Whether the board can inflate raw deflate carried in base64.</summary>
    public bool HasDeflate { get; }

    /// <summary>Whether <c>hashlib.sha256</c> exists.</summary>
    public bool HasSha256 { get; }

    /// <summary>Whether <c>binascii.crc32</c> exists.</summary>
    public bool HasCrc32 { get; }

    /// <summary>Whether <c>binascii.b2a_base64</c> exists, for reading data back compactly.</summary>
    public bool HasB2aBase64 { get; }

    /// <summary>Whether <c>binascii.hexlify</c> exists, which block fingerprints need.</summary>
    public bool HasHexlify { get; }

    /// <summary>Whether <c>bytes.fromhex</c> exists.</summary>
    public bool HasFromHex { get; }

    /// <summary>The number of ROM partitions the board reports.</summary>
    public int PartitionCount { get; }

    /// <summary>The best way this board fingerprints blocks.</summary>
    public BlockDigestAlgorithm DigestAlgorithm =>
        !HasHexlify ? BlockDigestAlgorithm.None
        : HasSha256 ? BlockDigestAlgorithm.Sha256
        : HasCrc32 ? BlockDigestAlgorithm.Crc32
        : BlockDigestAlgorithm.None;

    /// <summary>The densest text encoding this board can decode.</summary>
    public Transfer.TextTransferEncoding BestTextEncoding =>
        HasDeflate ? Transfer.TextTransferEncoding.DeflateBase64
        : HasA2bBase64 ? Transfer.TextTransferEncoding.Base64
        : HasFromHex ? Transfer.TextTransferEncoding.Hex
        : Transfer.TextTransferEncoding.BytesLiteral;

    /// <summary>Reads the list that <see cref="PartitionScripts.Capabilities"/> evaluates to.</summary>
    /// <param name="probe">
    /// Eight flags (rom_ioctl, a2b_base64, DeflateIO with BytesIO, sha256, crc32, b2a_base64, hexlify, bytes.fromhex)
    /// and the partition count.
    /// </param>
    /// <returns>The capabilities.</returns>
    /// <exception cref="FormatException">The board's answer does not have the expected shape.</exception>
    public static BoardCapabilities FromProbe(IReadOnlyList<object?> probe)
    {
        if (probe == null || probe.Count != 9)
        {
            throw new FormatException("The board's capability probe answered with an unexpected value.");
        }

        bool Flag(int i) => probe[i] is bool b ? b : throw new FormatException($"Capability probe item {i} is not a bool.");
        var count = probe[8] switch
        {
            long l => (int)Math.Max(0, Math.Min(int.MaxValue, l)),
            int n => Math.Max(0, n),
            _ => throw new FormatException("The board's partition count is not an integer."),
        };
        return new BoardCapabilities(Flag(0), Flag(1), Flag(2), Flag(3), Flag(4), Flag(5), Flag(6), Flag(7), count);
    }
}
