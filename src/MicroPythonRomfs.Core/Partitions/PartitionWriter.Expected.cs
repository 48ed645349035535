using System.Security.Cryptography;

namespace MicroPythonRomfs.Partitions;

/// <summary>The session-level shortcut of <see cref="DeployOptions.ExpectedBoardImage"/>.</summary>
public sealed partial class PartitionWriter
{
    /// <summary>
    /// The fingerprints of the blocks the new image spans, worked out on the host from the image the caller believes
    /// the board holds, after one hash on the board proves it; <see langword="null"/> when the belief cannot be
    /// checked or is wrong, so the caller asks the board for every fingerprint.
    /// </summary>
    private async Task<IReadOnlyList<byte[]>?> ExpectedDigestsAsync(byte[] expected, RomPartitionGeometry geometry, BoardCapabilities capabilities, int blockCount, CancellationToken cancellationToken)
    {
        if (!capabilities.HasSha256 || !capabilities.HasHexlify || capabilities.DigestAlgorithm == BlockDigestAlgorithm.None || expected.Length == 0 || expected.Length > geometry.Size)
        {
            return null;
        }

        // What the earlier deploy left: the image, its zero padding, then erased flash to the end of its last block.
        var earlier = DeployPlan.Create(expected, geometry);
        var knownBlocks = earlier.BlockCount;
        var knownLength = (int)Math.Min(geometry.Size, (long)knownBlocks * geometry.BlockSize);
        byte[] hostHash;
        using (var sha = SHA256.Create())
        {
            for (var block = 0; block < knownBlocks; block++)
            {
                var bytes = earlier.ExpectedBlock(block);
                var length = (int)Math.Min(bytes.Length, knownLength - earlier.BlockOffset(block));
                sha.TransformBlock(bytes, 0, length, null, 0);
            }

            sha.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
            hostHash = sha.Hash!;
        }

        await _reader.BindAsync(geometry, cancellationToken).ConfigureAwait(false);
        var answer = await _reader.Session.EvalAsync(PartitionScripts.ImageHash(knownLength), cancellationToken).ConfigureAwait(false);
        var boardHash = answer switch
        {
            byte[] bytes => System.Text.Encoding.ASCII.GetString(bytes),
            string text => text,
            _ => null,
        };
        if (!string.Equals(boardHash, ToHex(hostHash), StringComparison.OrdinalIgnoreCase))
        {
            _reporter.Verbose($"ROM partition {geometry.Index} of {Port} does not hold the image of the last deploy; fingerprinting every block.");
            return null;
        }

        var digests = new List<byte[]>(blockCount);
        for (var block = 0; block < Math.Min(knownBlocks, blockCount); block++)
        {
            digests.Add(BlockDigest.Compute(capabilities.DigestAlgorithm, earlier.ExpectedBlock(block)));
        }

        if (blockCount > knownBlocks)
        {
            var rest = await _reader.ReadDigestsAsync(geometry, knownBlocks, blockCount - knownBlocks, cancellationToken).ConfigureAwait(false);
            if (rest == null)
            {
                return null;
            }

            digests.AddRange(rest);
        }

        _reporter.Verbose($"ROM partition {geometry.Index} of {Port} holds the image of the last deploy (checked by its SHA-256 on the board); fingerprinted {Math.Max(0, blockCount - knownBlocks)} block(s) on the board instead of {blockCount}.");
        return digests;
    }

    private static string ToHex(byte[] bytes)
    {
        var builder = new System.Text.StringBuilder(bytes.Length * 2);
        foreach (var b in bytes)
        {
            builder.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }
}
