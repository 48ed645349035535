using System.Globalization;

namespace MicroPythonRomfs.Partitions;

/// <summary>
/// The Python that partition operations run on the board, kept in one place so it can be read and reviewed as
/// Python. Snippets take only integers, formatted here; nothing a user typed is ever pasted into them.
/// </summary>
/// <remarks>
/// The setup defines a few short helpers (names start with <c>_r</c>) so that each later statement is small:
/// statements travel in raw-paste mode and their length is what costs time on a slow link.
/// </remarks>
public static class PartitionScripts
{
    /// <summary>The window the board inflates with: 2^9 = 512 bytes of RAM, as upstream mpremote uses.</summary>
    public const int DeflateWindowBits = 9;

    /// <summary>
    /// Probes what the board offers. Evaluating <see cref="ProbeResult"/> afterwards gives the tuple that
    /// <see cref="BoardCapabilities.FromProbe"/> reads.
    /// </summary>
    public const string Probe =
        "import vfs\n" +
        "_rc=[hasattr(vfs,'rom_ioctl')]\n" +
        "for _rm,_ra in (('binascii','a2b_base64'),('deflate','DeflateIO'),('io','BytesIO'),('hashlib','sha256'),('binascii','crc32'),('binascii','b2a_base64'),('binascii','hexlify')):\n" +
        " try:\n" +
        "  _rc.append(hasattr(__import__(_rm),_ra))\n" +
        " except ImportError:\n" +
        "  _rc.append(False)\n" +
        "_rc.append(hasattr(bytes,'fromhex'))\n" +
        "_rc.append(vfs.rom_ioctl(1) if _rc[0] else 0)\n";

    /// <summary>The expression that reports the probe's findings.</summary>
    public const string ProbeResult = "tuple(_rc)";

    /// <summary>
    /// Defines <c>_rq(n)</c>, which describes partition n as <c>(kind, size, block size)</c> with kind 0 for a
    /// memoryview and 1 for a block device, or <c>(errno,)</c> when the board refuses the index; and <c>_rm()</c>, which
    /// tells whether <c>/rom</c> is mounted.
    /// </summary>
    public const string QuerySetup =
        "import vfs,os\n" +
        "def _rq(n):\n" +
        " d=vfs.rom_ioctl(2,n)\n" +
        " if isinstance(d,int):return (d,)\n" +
        " if hasattr(d,'ioctl'):\n" +
        "  bs=d.ioctl(5,0)\n" +
        "  return (1,d.ioctl(4,0)*bs,bs)\n" +
        " s=len(d);bs=vfs.rom_ioctl(6,n)\n" +
        " if bs<=0:bs=s\n" +
        " return (0,s,bs)\n" +
        "def _rm():\n" +
        " try:\n" +
        "  os.stat('/rom');return True\n" +
        " except OSError:\n" +
        "  return False\n";

    /// <summary>Unmounts <c>/rom</c> when it is mounted; does nothing otherwise.</summary>
    public const string UnmountRom =
        "try:\n" +
        " vfs.umount('/rom')\n" +
        "except OSError:\n" +
        " pass\n";

    /// <summary>Describes partition <paramref name="index"/>: see <see cref="QuerySetup"/>.</summary>
    /// <param name="index">The partition number.</param>
    /// <returns>An expression.</returns>
    public static string Describe(int index) => Invariant($"_rq({index})");

    /// <summary>The expression telling whether <c>/rom</c> is mounted.</summary>
    public const string IsRomMounted = "_rm()";

    /// <summary>
    /// Binds <c>_rd</c> to partition <paramref name="index"/> and defines the helpers that read it:
    /// <c>_rr(o,n)</c> (n bytes at offset o, base64 when the board has it, else raw bytes) and
    /// <c>_rh(b,c)</c> (the fingerprints of c blocks from block b, concatenated and hex-encoded) and <c>_ri(n)</c>
    /// (the SHA-256 of the first n bytes, hex-encoded) where the board can hash.
    /// </summary>
    /// <param name="index">The partition number.</param>
    /// <param name="geometry">The partition's geometry (its kind decides how blocks are read).</param>
    /// <param name="capabilities">What the board offers.</param>
    /// <returns>The statements.</returns>
    public static string PartitionSetup(int index, RomPartitionGeometry geometry, BoardCapabilities capabilities)
    {
        if (geometry == null)
        {
            throw new ArgumentNullException(nameof(geometry));
        }

        if (capabilities == null)
        {
            throw new ArgumentNullException(nameof(capabilities));
        }

        var blockDevice = geometry.Kind == RomPartitionKind.BlockDevice;
        var code = Invariant($"import vfs\n_rd=vfs.rom_ioctl(2,{index})\n_rs={geometry.BlockSize}\n");
        code += blockDevice
            ? "def _rb(o,n):\n b=bytearray(n)\n _rd.readblocks(o//_rs,b,o%_rs)\n return b\n"
            : "def _rb(o,n):\n return memoryview(_rd)[o:o+n]\n";
        code += capabilities.HasB2aBase64
            ? "from binascii import b2a_base64\ndef _rr(o,n):\n return b2a_base64(_rb(o,n))\n"
            : "def _rr(o,n):\n return bytes(_rb(o,n))\n";
        var digest = capabilities.DigestAlgorithm switch
        {
            BlockDigestAlgorithm.Sha256 => "import hashlib\ndef _rf(m):\n return hashlib.sha256(m).digest()[:16]\n",
            BlockDigestAlgorithm.Crc32 => "import binascii\ndef _rf(m):\n return binascii.crc32(m).to_bytes(4,'big')\n",
            _ => null,
        };
        if (digest != null)
        {
            code += digest +
                    "from binascii import hexlify\n" +
                    "def _ri(n):\n" +
                    " h=hashlib.sha256();o=0\n" +
                    " while o<n:\n" +
                    "  c=min(_rs,n-o);h.update(_rb(o,c));o+=c\n" +
                    " return hexlify(h.digest())\n" +
                    "from binascii import hexlify\n" +
                    "def _rh(b,c):\n" +
                    " r=bytearray()\n" +
                    " for i in range(b,b+c):\n" +
                    "  r+=_rf(_rb(i*_rs,_rs))\n" +
                    " return hexlify(r)\n";
        }

        return code;
    }

    /// <summary>Reads <paramref name="length"/> bytes at <paramref name="offset"/>; see <see cref="PartitionSetup"/>.</summary>
    /// <param name="offset">The byte offset in the partition.</param>
    /// <param name="length">How many bytes.</param>
    /// <returns>An expression giving base64 text (as bytes) or the raw bytes, per the board's capabilities.</returns>
    public static string Read(long offset, int length) => Invariant($"_rr({offset},{length})");

    /// <summary>The SHA-256 of the first <paramref name="length"/> bytes, hex-encoded; needs <c>hashlib.sha256</c>.</summary>
    /// <param name="length">The image's length.</param>
    /// <returns>An expression giving the hex digest as bytes.</returns>
    public static string ImageHash(long length) => Invariant($"_ri({length})");

    /// <summary>Fingerprints <paramref name="count"/> blocks from <paramref name="firstBlock"/>; see <see cref="PartitionSetup"/>.</summary>
    /// <param name="firstBlock">The first block.</param>
    /// <param name="count">How many blocks.</param>
    /// <returns>An expression giving the hex-encoded fingerprints.</returns>
    public static string Digests(int firstBlock, int count) => Invariant($"_rh({firstBlock},{count})");

    /// <summary>
    /// Defines <c>w(o,b)</c>, which writes bytes b at offset o and raises <c>OSError</c> with the board's error code
    /// when the write fails, and — when the board can inflate — <c>z(s)</c>, which turns base64 raw-deflate text
    /// into bytes.
    /// </summary>
    /// <param name="index">The partition number.</param>
    /// <param name="geometry">The partition's geometry.</param>
    /// <param name="capabilities">What the board offers.</param>
    /// <returns>The statements.</returns>
    public static string TransferSetup(int index, RomPartitionGeometry geometry, BoardCapabilities capabilities)
    {
        if (geometry == null)
        {
            throw new ArgumentNullException(nameof(geometry));
        }

        if (capabilities == null)
        {
            throw new ArgumentNullException(nameof(capabilities));
        }

        var code = Invariant($"import vfs\n_rd=vfs.rom_ioctl(2,{index})\n");
        if (capabilities.HasA2bBase64)
        {
            code += "from binascii import a2b_base64\n";
        }

        if (capabilities.HasDeflate)
        {
            code += Invariant($"from io import BytesIO\nfrom deflate import DeflateIO,RAW\ndef z(s):\n return DeflateIO(BytesIO(a2b_base64(s)),RAW,{DeflateWindowBits}).read()\n");
        }

        code += geometry.Kind == RomPartitionKind.BlockDevice
            ? Invariant($"def w(o,b):\n r=_rd.writeblocks(o//{geometry.BlockSize},b,o%{geometry.BlockSize})\n if r is not None and r<0:raise OSError(-r)\n")
            : Invariant($"def w(o,b):\n r=vfs.rom_ioctl(4,{index},o,b)\n if r<0:raise OSError(-r)\n");
        return code;
    }

    /// <summary>Writes the bytes an expression evaluates to, at a byte offset, through <c>w</c>.</summary>
    /// <param name="offset">The byte offset in the partition.</param>
    /// <param name="dataExpression">A Python expression from <see cref="Transfer.ChunkEncoder"/>.</param>
    /// <returns>The statement.</returns>
    public static string Write(long offset, string dataExpression) => Invariant($"w({offset},") + dataExpression + ")";

    /// <summary>
    /// The expression that erases a run of blocks and gives the board's answer: for a memoryview partition the
    /// minimum write size (positive) or a negative errno; for a block device 0 or a negative errno.
    /// </summary>
    /// <param name="index">The partition number.</param>
    /// <param name="geometry">The partition's geometry.</param>
    /// <param name="offset">The first byte to erase, a multiple of the block size.</param>
    /// <param name="length">How many bytes to erase, a multiple of the block size.</param>
    /// <returns>An expression.</returns>
    public static string Erase(int index, RomPartitionGeometry geometry, long offset, long length)
    {
        if (geometry == null)
        {
            throw new ArgumentNullException(nameof(geometry));
        }

        if (geometry.Kind == RomPartitionKind.BlockDevice)
        {
            var first = offset / geometry.BlockSize;
            var count = (length + geometry.BlockSize - 1) / geometry.BlockSize;
            return Invariant($"min([_rd.ioctl(6,i) or 0 for i in range({first},{first + count})]+[0])");
        }

        // A partition erased in one piece is prepared with the length alone, as upstream does for it.
        return geometry.SupportsPartialErase
            ? Invariant($"vfs.rom_ioctl(3,{index},{offset},{length})")
            : Invariant($"vfs.rom_ioctl(3,{index},{length})");
    }

    /// <summary>The expression that completes writing a memoryview partition (<c>rom_ioctl(5)</c>) and gives the board's answer.</summary>
    /// <param name="index">The partition number.</param>
    /// <returns>An expression.</returns>
    public static string Complete(int index) => Invariant($"vfs.rom_ioctl(5,{index})");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
