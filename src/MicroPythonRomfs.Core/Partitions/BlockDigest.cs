using System.Security.Cryptography;

namespace MicroPythonRomfs.Partitions;

/// <summary>Computes on the host the same block fingerprints the board computes, so the two can be compared.</summary>
public static class BlockDigest
{
    /// <summary>The bytes of the SHA-256 digest kept per block: 128 bits, ample against accidental collisions.</summary>
    public const int Sha256Length = 16;

    /// <summary>Fingerprints one block's expected contents.</summary>
    /// <param name="algorithm">The algorithm the board uses.</param>
    /// <param name="block">The block's bytes.</param>
    /// <returns>The fingerprint, as the board reports it.</returns>
    public static byte[] Compute(BlockDigestAlgorithm algorithm, ReadOnlySpan<byte> block)
    {
        switch (algorithm)
        {
            case BlockDigestAlgorithm.Sha256:
                using (var sha = SHA256.Create())
                {
                    var full = sha.ComputeHash(block.ToArray());
                    var digest = new byte[Sha256Length];
                    Array.Copy(full, digest, Sha256Length);
                    return digest;
                }

            case BlockDigestAlgorithm.Crc32:
                var crc = Transfer.Crc32.Update(0, block);
                return new[] { (byte)(crc >> 24), (byte)(crc >> 16), (byte)(crc >> 8), (byte)crc };
            default:
                throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "There is no digest to compute for this algorithm.");
        }
    }
}
