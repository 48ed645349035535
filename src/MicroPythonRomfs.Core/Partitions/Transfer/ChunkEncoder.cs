using System.Text;
using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.Partitions.Transfer;

/// <summary>
/// Turns a chunk of image data into a Python expression that evaluates to those bytes on the board, in a
/// <see cref="TextTransferEncoding"/>. The expressions use the names that <see cref="PartitionScripts.Library"/>
/// defines on the board (<c>z</c>, and <c>_A</c> for binascii.a2b_base64) and the board's <c>bytes.fromhex</c>.
/// </summary>
public static class ChunkEncoder
{
    /// <summary>Encodes one chunk.</summary>
    /// <param name="encoding">The encoding the board supports.</param>
    /// <param name="chunk">The bytes.</param>
    /// <returns>A Python expression in printable ASCII.</returns>
    public static string Encode(TextTransferEncoding encoding, ReadOnlySpan<byte> chunk)
    {
        switch (encoding)
        {
            case TextTransferEncoding.DeflateBase64:
                var plain = Base64Expression(chunk);
                var compressed = "z(b'" + Convert.ToBase64String(RawDeflateEncoder.Compress(chunk, PartitionScripts.DeflateWindowBits)) + "')";
                return compressed.Length < plain.Length ? compressed : plain;
            case TextTransferEncoding.Base64:
                return Base64Expression(chunk);
            case TextTransferEncoding.Hex:
                var hex = new StringBuilder((chunk.Length * 2) + 16);
                hex.Append("bytes.fromhex('");
                foreach (var b in chunk)
                {
                    hex.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                }

                return hex.Append("')").ToString();
            case TextTransferEncoding.BytesLiteral:
                return PythonCode.Literal(chunk.ToArray());
            default:
                throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "Unknown transfer encoding.");
        }
    }

    private static string Base64Expression(ReadOnlySpan<byte> chunk) => "_A(b'" + Convert.ToBase64String(chunk.ToArray()) + "')";
}
