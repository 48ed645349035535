namespace MicroPythonRomfs.Partitions.Transfer;

/// <summary>How image data is written into the Python statements that carry it to the board, densest first.</summary>
public enum TextTransferEncoding
{
    /// <summary>Raw deflate (window bits 9) inside base64: needs <c>deflate.DeflateIO</c>, <c>io.BytesIO</c> and <c>binascii.a2b_base64</c>. Chunks that do not compress go as plain base64.</summary>
    DeflateBase64,

    /// <summary>Base64: needs <c>binascii.a2b_base64</c>; 4 characters for every 3 bytes.</summary>
    Base64,

    /// <summary>Hexadecimal: needs <c>bytes.fromhex</c>; 2 characters a byte.</summary>
    Hex,

    /// <summary>A bytes literal with escapes: works on every board; up to 4 characters a byte.</summary>
    BytesLiteral,
}
