namespace MicroPythonRomfs.Partitions;

/// <summary>How the board fingerprints an erase block so that unchanged blocks are not written again.</summary>
public enum BlockDigestAlgorithm
{
    /// <summary>The board cannot fingerprint blocks; every block is written.</summary>
    None,

    /// <summary>The first 16 bytes of <c>hashlib.sha256</c> over the block.</summary>
    Sha256,

    /// <summary><c>binascii.crc32</c> over the block, for boards without <c>hashlib.sha256</c>.</summary>
    Crc32,
}
