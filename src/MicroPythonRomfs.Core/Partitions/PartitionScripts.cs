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
/// <item><c>_K(m,c)</c>: the CRC-32 of m continuing c (binascii.crc32, or the same in Python where it is missing).</item>
/// <item><c>Q(c,s)</c>: runs the statement s (bytes) only when its CRC-32 is c: how erases and the completing call
/// travel, so a corrupted or lost byte changes nothing.</item>
/// <item><c>W(c,o,b)</c>: writes b at o only when the CRC-32 of b, continuing the CRC-32 of <c>"partition,offset"</c>,
/// is c.</item>
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
        "def _K(m,c=0):\n" +
        " if _C:return _C(m,c)\n" +
        " c^=4294967295\n" +
        " for x in m:\n" +
        "  c^=x\n" +
        "  for i in range(8):c=c>>1^(3988292384 if c&1 else 0)\n" +
        " return c^4294967295\n" +
        "def Q(c,s):\n" +
        " if _K(s)!=c:raise ValueError('checksum')\n" +
        " exec(s)\n" +
        "def W(c,o,b):\n" +
        " if _K(b,_K(('%d,%d'%(_n,o)).encode()))!=c:raise ValueError('checksum')\n" +
        " w(o,b)\n" +
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

    /// <summary>
    /// A statement for <see cref="Library"/>'s <c>Q</c>: runs <paramref name="statement"/> only when the CRC-32 of its
    /// text matches, and first checks that partition <paramref name="index"/> is the bound one.
    /// </summary>
    /// <param name="index">The partition the statement is meant for.</param>
    /// <param name="statement">Python in printable ASCII without double quotes or backslashes.</param>
    /// <returns>The statement.</returns>
    public static string LibraryChecked(int index, string statement)
    {
        var body = Invariant($"if _n!={index}:raise ValueError('partition')\n") + statement;
        var crc = Transfer.Crc32.Update(0, System.Text.Encoding.ASCII.GetBytes(body));
        return Invariant($"Q({crc},b\"") + body.Replace("\n", "\\n") + "\")";
    }

    /// <summary>A checked write for <see cref="Library"/>'s <c>W</c>: the CRC covers the partition, the offset and the bytes.</summary>
    /// <param name="index">The partition.</param>
    /// <param name="offset">The byte offset.</param>
    /// <param name="data">The bytes.</param>
    /// <param name="dataExpression">The expression that gives <paramref name="data"/> on the board.</param>
    /// <returns>The statement.</returns>
    public static string CheckedWrite(int index, long offset, ReadOnlySpan<byte> data, string dataExpression)
    {
        var crc = Transfer.Crc32.Update(Transfer.Crc32.Update(0, System.Text.Encoding.ASCII.GetBytes(Invariant($"{index},{offset}"))), data);
        return Invariant($"W({crc},{offset},") + dataExpression + ")";
    }

    /// <summary>The SHA-256 of the first <paramref name="length"/> bytes of partition <paramref name="index"/>, which
    /// must be the bound one; hex-encoded.</summary>
    /// <param name="index">The partition.</param>
    /// <param name="length">How many bytes: the whole blocks the image spans.</param>
    /// <returns>A statement printing the digest.</returns>
    public static string SpanHash(int index, long length) => Invariant($"if _n!={index}:raise ValueError('partition')\nprint(repr(_x({length})))");

    /// <summary>The expression that completes writing a memoryview partition (<c>rom_ioctl(5)</c>) and gives the board's answer.</summary>
    /// <param name="index">The partition number.</param>
    /// <returns>An expression.</returns>
    public static string Complete(int index) => Invariant($"_R(5,{index})");

    /// <summary>
    /// The binary receiver and the probe for it, sent once per session before the first binary transfer.
    /// </summary>
    /// <remarks>
    /// <para><c>_q(n,k)</c> allocates k bytes once (a board too small for the receiver raises MemoryError here, before
    /// flash is touched), prints <c>R</c>, reads n bytes from <c>sys.stdin.buffer</c> and prints them in hex: the host
    /// sends known bytes and compares, which tells whether the board's stdin carries raw bytes. It prints nothing
    /// when the board lacks crc32 or <c>sys.stdin.buffer</c>.</para>
    /// <para><c>_v(N,F,Q,T)</c> receives frames for partition N, which must be the bound one (see
    /// <see cref="Transfer.BinaryFrame"/>), with Ctrl-C disabled (<c>kbd_intr(-1)</c>, restored in a <c>finally</c>) so
    /// 0x03 is data; it prints <c>&gt;</c> once Ctrl-C is off, and the host sends nothing before that (a 0x03
    /// reaching the firmware earlier would raise KeyboardInterrupt). F is the largest payload, Q the largest chunk, T the milliseconds without a good frame (or a
    /// finished write) after which it raises <c>OSError(110)</c> (while waiting, on boards whose <c>select.poll</c>
    /// works on stdin; else at its next read), so a host that vanished leaves the board at the raw REPL prompt with
    /// Ctrl-C restored, ready for the next tool. A read blocks until it is complete and is started only once poll says
    /// a byte is there, so it reads at most 2 bytes per call: a read in progress when the host vanished then lacks at
    /// most one byte, and the first byte of the next tool's raw REPL entry (mpremote sends <c>\r\x03\r\x01</c>, once)
    /// completes it; the board is past its deadline by then and the rest of the entry reaches the raw REPL. Per frame it prints one character: <c>@</c>+(seq%32) acknowledges (also a
    /// repeat of an acknowledged frame), <c>space</c>+(epoch%16) rejects a bad frame (then it skips input until the
    /// sync pattern and an epoch byte), <c>~</c> reports a failed write (then it waits for the sync and raises the
    /// error at the next frame). A chunk's last frame (flag 2) writes the chunk with <c>w</c>, inflating it first
    /// when flag 1 says it is raw deflate; flag 4 ends the transfer, flag 8 abandons it.</para>
    /// </remarks>
    public const string BinaryReceiver =
        "def _q(n,k):\n" +
        " import sys\n" +
        " if not(_C and hasattr(sys.stdin,'buffer')):return\n" +
        " b=bytearray(n);m=memoryview(b);j=0;bytearray(k);sys.stdout.write('R')\n" +
        " while j<n:\n" +
        "  k=sys.stdin.buffer.readinto(m[j:])\n" +
        "  if not k:break\n" +
        "  j+=k\n" +
        " sys.stdout.write(''.join('%02x'%x for x in b[:j]))\n" +
        "def _v(N,F,Q,T):\n" +
        " if N!=_n:raise ValueError('partition')\n" +
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
        "   j+=r(v[j:j+2])\n" +
        " micropython.kbd_intr(-1)\n" +
        " try:\n" +
        "  e('>')\n" +
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
    /// <param name="reserve">Bytes the board allocates once as a trial, so a board too small for the receiver says
    /// so (MemoryError) here, before flash is touched.</param>
    public static string ProbeStdin(int count, int reserve) => Invariant($"_q({count},{reserve})");

    /// <summary>Runs the receiver of <see cref="BinaryReceiver"/>.</summary>
    /// <param name="index">The partition, which must be the bound one.</param>
    /// <param name="framePayload">The largest frame payload.</param>
    /// <param name="chunkSize">The largest chunk (as sent, compressed or not).</param>
    /// <param name="timeoutMilliseconds">The board-side silence limit.</param>
    /// <returns>A statement.</returns>
    public static string Receive(int index, int framePayload, int chunkSize, int timeoutMilliseconds) => Invariant($"_v({index},{framePayload},{chunkSize},{timeoutMilliseconds})");

    /// <summary>The block size the compact deploy describes its plan with (erasing P bytes from 0 erases every block they
    /// touch, whatever their size): what nearly every port uses, and the padding unit.</summary>
    public const int CompactBlockSize = 4096;

    /// <summary>
    /// The compact deploy: one statement that deploys a small image to a memoryview partition and proves it, for boards
    /// with binascii, hashlib and deflate. It costs a few hundred bytes where <see cref="Library"/> costs more than a
    /// kilobyte, which decides whether a small deploy sends fewer bytes than upstream mpremote.
    /// </summary>
    /// <remarks>
    /// The body runs only when the CRC-32 of its text matches (see <see cref="Checked"/>). It binds partition n as
    /// <c>d</c>, refuses (ValueError, before touching flash) an image that does not fit, and unless the CRC-32 of the
    /// first <c>P</c> bytes (the padded image) already matches, unmounts <c>/rom</c>, erases the blocks <c>P</c> spans,
    /// writes each chunk (base64, raw deflate where that is shorter, zero padding made on the board) and completes the
    /// write. It prints <c>(size, (erase answer, complete answer) or 0 when nothing was written, SHA-256 of
    /// the first P bytes)</c>: the host compares that digest with its own, so success means the partition holds exactly
    /// the padded image. Any error, refusal or mismatch sends the host back to the library path, which completes the
    /// deploy from whatever state the partition is in.
    /// </remarks>
    /// <param name="geometryIndex">The partition number.</param>
    /// <param name="paddedLength">The padded image length <c>P</c> (a multiple of <see cref="DeployPlan.WriteUnit"/>).</param>
    /// <param name="currentCrc">The CRC-32 of the padded image, to skip an unchanged image; <see langword="null"/> to always write.</param>
    /// <param name="chunks">Each chunk's offset, its data as base64 text, whether that text is raw deflate, and the zero bytes that follow it.</param>
    /// <returns>The statement.</returns>
    public static string CompactDeploy(int geometryIndex, long paddedLength, uint? currentCrc, IReadOnlyList<(long Offset, string Base64, bool Deflated, int Zeros)> chunks)
    {
        if (chunks == null)
        {
            throw new ArgumentNullException(nameof(chunks));
        }

        var n = geometryIndex;
        var body = new System.Text.StringBuilder();
        body.Append(Invariant($"R=vfs.rom_ioctl;d=R(2,{n});P={paddedLength};w=0\nif len(d)<P:raise ValueError\n"));
        body.Append(currentCrc is uint crc ? Invariant($"if B.crc32(d[:P])!={crc}:\n") : "if 1:\n");
        if (n == 0)
        {
            body.Append(" try:vfs.umount('/rom')\n except:0\n");
        }

        body.Append(Invariant($" w=R(3,{n},0,P)\n"));
        // A helper pays for itself from the second deflated chunk on.
        var helper = chunks.Count(c => c.Deflated) > 1;
        if (helper)
        {
            body.Append(" def z(x):return F.DeflateIO(io.BytesIO(B.a2b_base64(x)),F.RAW,9).read()\n");
        }

        foreach (var chunk in chunks)
        {
            body.Append(Invariant($" R(4,{n},{chunk.Offset},"));
            if (chunk.Deflated)
            {
                body.Append(helper ? "z(b'" : "F.DeflateIO(io.BytesIO(B.a2b_base64(b'").Append(chunk.Base64).Append(helper ? "')" : "')),F.RAW,9).read()");
            }
            else
            {
                body.Append("B.a2b_base64(b'").Append(chunk.Base64).Append("')");
            }

            body.Append(chunk.Zeros > 0 ? Invariant($"+bytes({chunk.Zeros}))\n") : ")\n");
        }

        body.Append(Invariant($" w=(w,R(5,{n}))\nprint((len(d),w,h.sha256(d[:P]).digest(),R(6,{n})))"));
        return "import vfs,binascii as B,hashlib as h,deflate as F,io\n" + Checked(body.ToString());
    }

    /// <summary>
    /// Wraps a statement that changes flash so the board runs it only when the CRC-32 of its text is what the host
    /// computed: a corrupted or lost byte anywhere in it changes nothing. Needs <c>B</c> bound to binascii.
    /// </summary>
    /// <param name="body">Python (printable ASCII and line breaks, without double quotes or backslashes).</param>
    /// <returns>A statement.</returns>
    public static string Checked(string body)
    {
        if (body == null)
        {
            throw new ArgumentNullException(nameof(body));
        }

        var crc = Transfer.Crc32.Update(0, System.Text.Encoding.ASCII.GetBytes(body));
        return "t=b\"\"\"" + body + Invariant($"\"\"\"\nif B.crc32(t)=={crc}:exec(t)");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
