using System.Globalization;

namespace MicroPythonRomfs.Partitions;

/// <summary>
/// The Python that partition operations run on the board, kept in one place so it can be read and reviewed as
/// Python. Snippets take only integers, formatted here; nothing a user typed is ever pasted into them.
/// </summary>
/// <remarks>
/// <see cref="Library"/> is sent once per session and defines short helpers; every later statement is a call of a
/// few bytes. Statements travel in raw-paste mode, and on a slow link their length is what costs time, so the
/// library is terse on purpose. What each helper does:
/// <list type="bullet">
/// <item><c>_g(m,a)</c>: attribute a of module m, or None when the board lacks either.</item>
/// <item><c>_p(n)</c>: binds partition n (<c>_d</c> the object, <c>_s</c> its block size, <c>_k</c> whether it is a
/// block device) and describes it as <c>(kind, size, block size)</c>, kind 0 for a memoryview and 1 for a block
/// device, or <c>(errno,)</c> when the board refuses the index.</item>
/// <item><c>_b(o,n)</c>: n bytes at offset o of the bound partition (a memoryview slice, or a block read).</item>
/// <item><c>_h(b,c)</c>: the fingerprints of c blocks from block b, hex-encoded: 16 bytes of SHA-256 each, or the
/// 4-byte CRC-32 on boards without hashlib.</item>
/// <item><c>_r(o,n)</c>: n bytes at o, base64-encoded where the board can, else raw.</item>
/// <item><c>_x(n)</c>: the SHA-256 of the first n bytes, hex-encoded.</item>
/// <item><c>z(s)</c>: base64 raw-deflate text to bytes (window bits 9, as upstream mpremote uses).</item>
/// <item><c>w(o,b)</c>: writes bytes b at offset o, raising OSError with the board's code when it fails.</item>
/// <item><c>_m()</c>: whether <c>/rom</c> is mounted.</item>
/// </list>
/// </remarks>
public static class PartitionScripts
{
    /// <summary>The window the board inflates with: 2^9 = 512 bytes of RAM, as upstream mpremote uses.</summary>
    public const int DeflateWindowBits = 9;

    /// <summary>The helpers every other snippet calls; see the remarks on <see cref="PartitionScripts"/>.</summary>
    public const string Library =
        "import vfs\n" +
        "def _g(m,a):\n" +
        " try:return getattr(__import__(m),a,None)\n" +
        " except ImportError:return None\n" +
        "_A=_g('binascii','a2b_base64');_B=_g('binascii','b2a_base64');_H=_g('binascii','hexlify');_C=_g('binascii','crc32')\n" +
        "_S=_g('hashlib','sha256');_D=_g('deflate','DeflateIO');_W=_g('deflate','RAW');_I=_g('io','BytesIO');_R=_g('vfs','rom_ioctl')\n" +
        "def _p(n):\n" +
        " global _d,_s,_k,_n\n" +
        " _n=n;_d=_R(2,n)\n" +
        " if isinstance(_d,int):return _d,\n" +
        " _k=hasattr(_d,'ioctl')\n" +
        " if _k:_s=_d.ioctl(5,0);return 1,_d.ioctl(4,0)*_s,_s\n" +
        " _s=_R(6,n)\n" +
        " if _s<=0:_s=len(_d)\n" +
        " return 0,len(_d),_s\n" +
        "def _b(o,n):\n" +
        " if _k:b=bytearray(n);_d.readblocks(o//_s,b,o%_s);return b\n" +
        " return memoryview(_d)[o:o+n]\n" +
        "def _f(m):return _S(m).digest()[:16]if _S else _C(m).to_bytes(4,'big')\n" +
        "def _h(b,c):return _H(b''.join(_f(_b(i*_s,_s))for i in range(b,b+c)))\n" +
        "def _r(o,n):return _B(_b(o,n))if _B else bytes(_b(o,n))\n" +
        "def _x(n):\n" +
        " h=_S();o=0\n" +
        " while o<n:c=min(_s,n-o);h.update(_b(o,c));o+=c\n" +
        " return _H(h.digest())\n" +
        "def z(s):return _D(_I(_A(s)),_W,9).read()\n" +
        "def w(o,b):\n" +
        " r=_d.writeblocks(o//_s,b,o%_s)if _k else _R(4,_n,o,b)\n" +
        " if r and r<0:raise OSError(-r)\n" +
        "def _m():\n" +
        " try:import os;os.stat('/rom');return 1\n" +
        " except OSError:return 0\n";

    /// <summary>
    /// The expression reporting what the board offers, after <see cref="Library"/>: the list that
    /// <see cref="BoardCapabilities.FromProbe"/> reads.
    /// </summary>
    public const string Capabilities =
        "[x is not None for x in(_R,_A,_D and _I and _W,_S,_C,_B,_H)]+[hasattr(bytes,'fromhex'),_R(1)if _R else 0]";

    /// <summary>Unmounts <c>/rom</c> when it is mounted; does nothing otherwise.</summary>
    public const string UnmountRom = "try:vfs.umount('/rom')\nexcept OSError:pass\n";

    /// <summary>The expression telling whether <c>/rom</c> is mounted (1 or 0).</summary>
    public const string IsRomMounted = "_m()";

    /// <summary>Binds partition <paramref name="index"/> and describes it; see <see cref="PartitionScripts"/>.</summary>
    /// <param name="index">The partition number.</param>
    /// <returns>An expression.</returns>
    public static string Bind(int index) => Invariant($"_p({index})");

    /// <summary>Reads <paramref name="length"/> bytes at <paramref name="offset"/> of the bound partition.</summary>
    /// <param name="offset">The byte offset in the partition.</param>
    /// <param name="length">How many bytes.</param>
    /// <returns>An expression giving base64 text (as bytes) or the raw bytes, per the board's capabilities.</returns>
    public static string Read(long offset, int length) => Invariant($"_r({offset},{length})");

    /// <summary>The SHA-256 of the first <paramref name="length"/> bytes of the bound partition, hex-encoded.</summary>
    /// <param name="length">The image's length.</param>
    /// <returns>An expression giving the hex digest as bytes.</returns>
    public static string ImageHash(long length) => Invariant($"_x({length})");

    /// <summary>Fingerprints <paramref name="count"/> blocks of the bound partition from <paramref name="firstBlock"/>.</summary>
    /// <param name="firstBlock">The first block.</param>
    /// <param name="count">How many blocks.</param>
    /// <returns>An expression giving the hex-encoded fingerprints.</returns>
    public static string Digests(int firstBlock, int count) => Invariant($"_h({firstBlock},{count})");

    /// <summary>Writes the bytes an expression evaluates to, at a byte offset of the bound partition.</summary>
    /// <param name="offset">The byte offset in the partition.</param>
    /// <param name="dataExpression">A Python expression from <see cref="Transfer.ChunkEncoder"/>.</param>
    /// <returns>The statement.</returns>
    public static string Write(long offset, string dataExpression) => Invariant($"w({offset},") + dataExpression + ")";

    /// <summary>
    /// The expression that erases a run of blocks of the bound partition and gives the board's answer: for a
    /// memoryview partition the minimum write size (positive) or a negative errno; for a block device 0 or a
    /// negative errno.
    /// </summary>
    /// <param name="geometry">The partition's geometry.</param>
    /// <param name="offset">The first byte to erase, a multiple of the block size.</param>
    /// <param name="length">How many bytes to erase, a multiple of the block size.</param>
    /// <returns>An expression.</returns>
    public static string Erase(RomPartitionGeometry geometry, long offset, long length)
    {
        if (geometry == null)
        {
            throw new ArgumentNullException(nameof(geometry));
        }

        if (geometry.Kind == RomPartitionKind.BlockDevice)
        {
            var first = offset / geometry.BlockSize;
            var count = (length + geometry.BlockSize - 1) / geometry.BlockSize;
            return Invariant($"min([_d.ioctl(6,i)or 0 for i in range({first},{first + count})]+[0])");
        }

        // A partition erased in one piece is prepared with the length alone, as upstream does for it.
        return geometry.SupportsPartialErase
            ? Invariant($"_R(3,{geometry.Index},{offset},{length})")
            : Invariant($"_R(3,{geometry.Index},{length})");
    }

    /// <summary>The expression that completes writing a memoryview partition (<c>rom_ioctl(5)</c>) and gives the board's answer.</summary>
    /// <param name="index">The partition number.</param>
    /// <returns>An expression.</returns>
    public static string Complete(int index) => Invariant($"_R(5,{index})");

    /// <summary>
    /// The binary receiver and the probe for it, sent once per session before the first binary transfer.
    /// </summary>
    /// <remarks>
    /// <para><c>_q(n)</c> prints <c>R</c>, reads n bytes from <c>sys.stdin.buffer</c> and prints them in hex: the host
    /// sends known bytes and compares, which tells whether the board's stdin carries raw bytes. It prints nothing
    /// when the board lacks crc32 or <c>sys.stdin.buffer</c>.</para>
    /// <para><c>_v(F,Q,T)</c> receives frames (see <see cref="Transfer.BinaryFrame"/>) with Ctrl-C disabled
    /// (<c>kbd_intr(-1)</c>, restored in a <c>finally</c>) so 0x03 is data. F is the largest payload, Q the largest
    /// chunk, T the milliseconds without a good frame (or a finished write) after which it raises <c>OSError(110)</c> (while
    /// waiting, on boards whose <c>select.poll</c> works on stdin; else at its next read), so a host that vanished
    /// leaves the board at the raw REPL prompt, ready for the next connection's Ctrl-C. A read blocks until it is
    /// complete, so it reads at most 8 bytes per call, and one byte per call once half of T has passed without a good
    /// frame: the few bytes of a reconnecting host's raw REPL entry (4, then 5) complete any read in progress and the
    /// board reaches its deadline while waiting, before the third attempt, whose Ctrl-A then finds the prompt. Per frame it prints one character: <c>@</c>+(seq%32) acknowledges (also a
    /// repeat of an acknowledged frame), <c>space</c>+(epoch%16) rejects a bad frame (then it skips input until the
    /// sync pattern and an epoch byte), <c>~</c> reports a failed write (then it waits for the sync and raises the
    /// error at the next frame). A chunk's last frame (flag 2) writes the chunk with <c>w</c>, inflating it first
    /// when flag 1 says it is raw deflate; flag 4 ends the transfer, flag 8 abandons it.</para>
    /// </remarks>
    public const string BinaryReceiver =
        "def _q(n):\n" +
        " import sys\n" +
        " if not(_C and hasattr(sys.stdin,'buffer')):return\n" +
        " b=bytearray(n);m=memoryview(b);j=0;sys.stdout.write('R')\n" +
        " while j<n:\n" +
        "  k=sys.stdin.buffer.readinto(m[j:])\n" +
        "  if not k:break\n" +
        "  j+=k\n" +
        " sys.stdout.write(''.join('%02x'%x for x in b[:j]))\n" +
        "def _v(F,Q,T):\n" +
        " import sys,micropython,struct,time\n" +
        " r=sys.stdin.buffer.readinto;e=sys.stdout.write;U=struct.unpack;M=time.ticks_ms;P=0;q=M()\n" +
        " try:import select;P=select.poll();P.register(sys.stdin,1)\n" +
        " except:P=0\n" +
        " h=bytearray(13);H=memoryview(h);m=memoryview(bytearray(Q+F));o=memoryview(bytearray(1))\n" +
        " n=p=E=z=0;x=None;Y=b'\\xe7\\x19\\x7c\\xa2\\x3b\\xd4'\n" +
        " def g(v):\n" +
        "  j=0;k=len(v)\n" +
        "  while j<k:\n" +
        "   d=T-time.ticks_diff(M(),q)\n" +
        "   if d<=0 or P and not P.poll(d):raise OSError(110)\n" +
        "   j+=r(v[j:j+(8 if d>T//2 else 1)])\n" +
        " micropython.kbd_intr(-1)\n" +
        " try:\n" +
        "  while 1:\n" +
        "   if z:\n" +
        "    k=0\n" +
        "    while k<6:g(o);k=k+1 if o[0]==Y[k] else 1 if o[0]==Y[0] else 0\n" +
        "    g(o);E=o[0];z=0\n" +
        "   g(H);s,f,l,a,c=U('<HBHII',h)\n" +
        "   if x:raise x\n" +
        "   if l>F:e(chr(32+E%16));z=1;continue\n" +
        "   g(m[n:n+l])\n" +
        "   if _C(m[n:n+l],_C(H[:9]))!=c:e(chr(32+E%16));z=1;continue\n" +
        "   if f&8:return\n" +
        "   d=(p-s)&65535\n" +
        "   if d:\n" +
        "    if d<32768:e(chr(64+s%32));q=M()\n" +
        "    else:e(chr(32+E%16));z=1\n" +
        "    continue\n" +
        "   e(chr(64+s%32));p=(p+1)&65535;n+=l;q=M()\n" +
        "   if f&2:\n" +
        "    try:w(a,_D(_I(bytes(m[:n])),_W,9).read()if f&1 else m[:n])\n" +
        "    except Exception as u:x=u;e('~');z=1\n" +
        "    n=0;q=M()\n" +
        "   if f&4:return\n" +
        " finally:micropython.kbd_intr(3)\n";

    /// <summary>
    /// Defines <c>_y(o,n)</c>: writes n bytes at offset o of the bound partition raw to <c>sys.stdout.buffer</c>,
    /// byte-stuffed so that no 0x04 (the raw REPL's end of output), 0x0a or 0x0d (which some stdout paths turn into
    /// line endings) reaches the host: 0x1b becomes 1b 5b, and 0x04, 0x0a, 0x0d become 0x1b followed by the byte XOR
    /// 0x40. Random data grows by 1.6% instead of base64's 33%. See <see cref="Transfer.StuffedBytes"/>.
    /// </summary>
    public const string StuffedReader =
        "def _y(o,n):\n" +
        " b=bytes(_b(o,n))\n" +
        " for c in b'\\x1b\\x04\\x0a\\x0d':b=b.replace(bytes((c,)),bytes((27,c^64)))\n" +
        " sys.stdout.buffer.write(b)\n" +
        "import sys\n";

    /// <summary>Reads <paramref name="length"/> bytes at <paramref name="offset"/> of the bound partition, byte-stuffed
    /// (see <see cref="StuffedReader"/>).</summary>
    /// <param name="offset">The byte offset in the partition.</param>
    /// <param name="length">How many bytes.</param>
    /// <returns>A statement whose output is the stuffed bytes.</returns>
    public static string ReadStuffed(long offset, int length) => Invariant($"_y({offset},{length})");

    /// <summary>Runs the stdin probe of <see cref="BinaryReceiver"/> for <paramref name="count"/> bytes.</summary>
    /// <param name="count">How many bytes the host will send.</param>
    /// <returns>A statement.</returns>
    public static string ProbeStdin(int count) => Invariant($"_q({count})");

    /// <summary>Runs the receiver of <see cref="BinaryReceiver"/>.</summary>
    /// <param name="framePayload">The largest frame payload.</param>
    /// <param name="chunkSize">The largest chunk (as sent, compressed or not).</param>
    /// <param name="timeoutMilliseconds">The board-side silence limit.</param>
    /// <returns>A statement.</returns>
    public static string Receive(int framePayload, int chunkSize, int timeoutMilliseconds) => Invariant($"_v({framePayload},{chunkSize},{timeoutMilliseconds})");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
