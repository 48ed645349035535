using System.Globalization;
using System.Numerics;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Reporting;

namespace MicroPythonRomfs.Partitions;

/// <summary>
/// Reads what a board's ROM partitions are and hold: capabilities, geometry, image headers and hashes, block
/// fingerprints and raw data. Changes nothing on the board.
/// </summary>
public sealed class PartitionReader
{
    /// <summary>The largest read in one statement: what a board with little RAM can hold as base64 text too.</summary>
    public const int ReadChunkSize = 4096;

    /// <summary>The largest partition accepted (1 GiB): ROM partitions are mapped into a microcontroller's address space.</summary>
    public const long MaxPartitionSize = 1L << 30;

    /// <summary>The most ROM partitions a board may report.</summary>
    public const int MaxPartitionCount = 256;

    private const int DigestBatch = 64;
    private const int StuffedReadMinimum = 512;
    private static readonly byte[] RomfsMagic = { 0xD2, 0xCD, 0x31 };

    private readonly IPythonSession _session;
    private BoardCapabilities? _capabilities;
    private int _boundPartition = -1;
    private bool? _stuffedReads;

    /// <summary>Creates a reader over a board session.</summary>
    /// <param name="session">The board.</param>
    public PartitionReader(IPythonSession session) => _session = session ?? throw new ArgumentNullException(nameof(session));

    /// <summary>The board session.</summary>
    public IPythonSession Session => _session;

    /// <summary>Finds out, once per reader, what the board offers.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The capabilities.</returns>
    public async Task<BoardCapabilities> ProbeAsync(CancellationToken cancellationToken)
    {
        if (_capabilities == null)
        {
            try
            {
                await _session.ExecAsync(PartitionScripts.Library, cancellationToken).ConfigureAwait(false);
            }
            catch (MicroPythonException e)
            {
                // A board out of memory for the helpers (or with a broken firmware) gets one line, not a traceback.
                throw new DeviceConnectionException(_session.Port, $"{_session.Port} could not load the partition helpers: it raised {e.ExceptionName}. Nothing was changed on the board.", e);
            }

            var probe = await _session.EvalAsync(PartitionScripts.Capabilities, cancellationToken).ConfigureAwait(false);
            BoardCapabilities capabilities;
            try
            {
                capabilities = BoardCapabilities.FromProbe(probe as IReadOnlyList<object?> ?? throw new FormatException("The answer is not a list."));
            }
            catch (FormatException e)
            {
                throw new FormatException($"{_session.Port} answered the capability probe unexpectedly: {e.Message}", e);
            }

            if (capabilities.PartitionCount > MaxPartitionCount)
            {
                throw new FormatException($"{_session.Port} reports {(probe is IReadOnlyList<object?> { Count: 9 } list ? list[8] : capabilities.PartitionCount)} ROM partitions; no board has more than {MaxPartitionCount}, so its answer cannot be trusted.");
            }

            _capabilities = capabilities;
        }

        return _capabilities;
    }

    /// <summary>Reads one partition's geometry, checking that the board has ROMFS and the partition exists.</summary>
    /// <param name="partition">The partition number.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The geometry.</returns>
    /// <exception cref="RomPartitionException">The board has no ROMFS, no partitions, or no such partition.</exception>
    public async Task<RomPartitionGeometry> DescribeAsync(int partition, CancellationToken cancellationToken)
    {
        var capabilities = await ProbeAsync(cancellationToken).ConfigureAwait(false);
        if (!capabilities.HasRomIoctl)
        {
            throw new RomPartitionException($"{_session.Port} has no ROMFS support: its firmware has no vfs.rom_ioctl. Flash a MicroPython build with ROMFS enabled (1.25 or later, port-dependent).", _session.Port, partition, PartitionState.Unchanged, failure: RomPartitionFailure.RomfsNotSupported);
        }

        if (capabilities.PartitionCount <= 0)
        {
            throw new RomPartitionException($"{_session.Port} supports ROMFS but reports no ROM partitions.", _session.Port, partition, PartitionState.Unchanged, failure: RomPartitionFailure.NoRomPartitions);
        }

        if (partition < 0 || partition >= capabilities.PartitionCount)
        {
            var range = capabilities.PartitionCount == 1 ? "only partition 0" : $"partitions 0 to {capabilities.PartitionCount - 1}";
            throw new RomPartitionException($"{_session.Port} has no ROM partition {partition}; it has {range}.", _session.Port, partition, PartitionState.Unchanged, failure: RomPartitionFailure.RomPartitionNotFound);
        }

        var answer = await _session.EvalAsync(PartitionScripts.Bind(partition), cancellationToken).ConfigureAwait(false) as IReadOnlyList<object?>;
        _boundPartition = partition;
        if (answer == null || (answer.Count != 1 && answer.Count != 3))
        {
            throw new RomPartitionException($"{_session.Port} gave an unexpected description of ROM partition {partition}.", _session.Port, partition, PartitionState.Unchanged);
        }

        if (answer.Count == 1)
        {
            throw new RomPartitionException($"{_session.Port} refused ROM partition {partition}: vfs.rom_ioctl(2, {partition}) answered {ToInt64(answer[0])}.", _session.Port, partition, PartitionState.Unchanged, failure: RomPartitionFailure.RomPartitionNotFound);
        }

        var kind = ToInt64(answer[0]) == 1 ? RomPartitionKind.BlockDevice : RomPartitionKind.MemoryView;
        var size = ToInt64(answer[1]);
        var blockSize = ToInt64(answer[2]);

        // Checked here, before any length is cast or allocated: the answer is the board's, not ours.
        if (size > MaxPartitionSize || blockSize > size || blockSize > int.MaxValue)
        {
            throw new RomPartitionException($"{_session.Port} reports ROM partition {partition} as {size} bytes in blocks of {blockSize}; partitions up to {MaxPartitionSize} bytes (1 GiB) are supported, so the answer cannot be trusted.", _session.Port, partition, PartitionState.Unchanged);
        }

        try
        {
            return new RomPartitionGeometry(partition, size, (int)blockSize, kind);
        }
        catch (ArgumentException e)
        {
            throw new RomPartitionException($"{_session.Port}: {e.Message}", _session.Port, partition, PartitionState.Unchanged, innerException: e);
        }
    }

    /// <summary>Describes partitions: geometry, the image they hold, its hash, and whether they are mounted.</summary>
    /// <param name="partitions">The partition numbers, or <see langword="null"/> for every partition.</param>
    /// <param name="uniqueId">The board's unique id to put on each result, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>One description per partition, in the order asked.</returns>
    public async Task<IReadOnlyList<RomPartitionInfo>> QueryAsync(IReadOnlyList<int>? partitions, string? uniqueId, CancellationToken cancellationToken)
    {
        var capabilities = await ProbeAsync(cancellationToken).ConfigureAwait(false);
        if (partitions == null)
        {
            if (!capabilities.HasRomIoctl || capabilities.PartitionCount <= 0)
            {
                await DescribeAsync(0, cancellationToken).ConfigureAwait(false);
            }

            partitions = Enumerable.Range(0, capabilities.PartitionCount).ToList();
        }

        var results = new List<RomPartitionInfo>();
        foreach (var index in partitions)
        {
            var geometry = await DescribeAsync(index, cancellationToken).ConfigureAwait(false);
            var imageSize = await ReadImageSizeAsync(geometry, cancellationToken).ConfigureAwait(false);
            string? hash = null;
            if (imageSize is long size && capabilities.HasSha256 && capabilities.HasHexlify)
            {
                hash = AsText(await _session.EvalAsync(PartitionScripts.ImageHash(size), cancellationToken).ConfigureAwait(false));
            }

            string? mountPoint = null;
            if (index == 0 && imageSize.HasValue && PartitionReader.ToInt64(await _session.EvalAsync(PartitionScripts.IsRomMounted, cancellationToken).ConfigureAwait(false)) == 1)
            {
                mountPoint = "/rom";
            }

            results.Add(new RomPartitionInfo(_session.Port, geometry, imageSize, hash, mountPoint, uniqueId));
        }

        return results;
    }

    /// <summary>Reads the image size its header declares, or <see langword="null"/> when the partition holds no valid image.</summary>
    /// <param name="geometry">The partition.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The size in bytes, header included.</returns>
    public async Task<long?> ReadImageSizeAsync(RomPartitionGeometry geometry, CancellationToken cancellationToken)
    {
        var head = await ReadAsync(geometry, 0, (int)Math.Min(16, geometry.Size), NullOperationReporter.Instance, cancellationToken).ConfigureAwait(false);
        return ParseImageSize(head, geometry.Size);
    }

    /// <summary>Reads the fingerprints of a run of blocks.</summary>
    /// <param name="geometry">The partition.</param>
    /// <param name="firstBlock">The first block.</param>
    /// <param name="count">How many blocks.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>One fingerprint per block, or <see langword="null"/> when the board cannot fingerprint blocks.</returns>
    public async Task<IReadOnlyList<byte[]>?> ReadDigestsAsync(RomPartitionGeometry geometry, int firstBlock, int count, CancellationToken cancellationToken)
    {
        var capabilities = await ProbeAsync(cancellationToken).ConfigureAwait(false);
        var algorithm = capabilities.DigestAlgorithm;
        if (algorithm == BlockDigestAlgorithm.None)
        {
            return null;
        }

        await BindAsync(geometry, cancellationToken).ConfigureAwait(false);
        var digestLength = algorithm == BlockDigestAlgorithm.Sha256 ? BlockDigest.Sha256Length : 4;
        var digests = new List<byte[]>(count);
        var batchLimit = DigestBatch;
        for (var start = firstBlock; start < firstBlock + count;)
        {
            var batch = Math.Min(batchLimit, firstBlock + count - start);
            string? hex;
            try
            {
                hex = AsText(await _session.EvalAsync(PartitionScripts.Digests(start, batch), cancellationToken).ConfigureAwait(false));
            }
            catch (MicroPythonException e) when (e.ExceptionName == "MemoryError" && batchLimit > 1)
            {
                // A board short of memory gets fewer fingerprints per statement.
                batchLimit = Math.Max(1, batchLimit / 4);
                continue;
            }

            if (hex == null || hex.Length != batch * digestLength * 2)
            {
                throw new RomPartitionException($"{_session.Port} gave malformed fingerprints for blocks {start} to {start + batch - 1} of ROM partition {geometry.Index}.", _session.Port, geometry.Index, PartitionState.Unchanged, (long)start * geometry.BlockSize);
            }

            for (var i = 0; i < batch; i++)
            {
                digests.Add(FromHex(hex, i * digestLength * 2, digestLength));
            }

            start += batch;
        }

        return digests;
    }

    /// <summary>Reads bytes from a partition.</summary>
    /// <param name="geometry">The partition.</param>
    /// <param name="offset">The first byte.</param>
    /// <param name="length">How many bytes.</param>
    /// <param name="reporter">Receives progress.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The bytes.</returns>
    public async Task<byte[]> ReadAsync(RomPartitionGeometry geometry, long offset, int length, IOperationReporter reporter, CancellationToken cancellationToken)
    {
        if (offset < 0 || length < 0 || offset + length > geometry.Size)
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"Bytes {offset} to {offset + length} lie outside ROM partition {geometry.Index} ({geometry.Size} bytes).");
        }

        var capabilities = await ProbeAsync(cancellationToken).ConfigureAwait(false);
        await BindAsync(geometry, cancellationToken).ConfigureAwait(false);
        var data = new byte[length];
        var activity = $"Reading ROM partition {geometry.Index} of {_session.Port}";
        for (var done = 0; done < length;)
        {
            var n = Math.Min(ReadChunkSize, length - done);
            var stuffed = length >= StuffedReadMinimum ? await TryReadStuffedAsync(offset + done, n, cancellationToken).ConfigureAwait(false) : null;
            if (stuffed != null)
            {
                Array.Copy(stuffed, 0, data, done, n);
                done += n;
                reporter.Progress(new OperationProgress(1, activity, $"{done:N0} of {length:N0} bytes", done, length));
                continue;
            }

            var answer = await _session.EvalAsync(PartitionScripts.Read(offset + done, n), cancellationToken).ConfigureAwait(false) as byte[];
            var chunk = answer == null ? null : capabilities.HasB2aBase64 ? DecodeBase64(answer) : answer;
            if (chunk == null || chunk.Length != n)
            {
                throw new RomPartitionException($"{_session.Port} gave a malformed answer reading ROM partition {geometry.Index} at offset {offset + done}.", _session.Port, geometry.Index, PartitionState.Unchanged, offset + done);
            }

            Array.Copy(chunk, 0, data, done, n);
            done += n;
            reporter.Progress(new OperationProgress(1, activity, $"{done:N0} of {length:N0} bytes", done, length));
        }

        reporter.Progress(new OperationProgress(1, activity, "Done", length, length, isCompleted: true));
        return data;
    }

    // Raw bytes, byte-stuffed, through sys.stdout.buffer: 1.6% overhead on random data where base64 costs 33%. Boards
    // without sys.stdout.buffer, or whose output alters the stuffed bytes, are read as base64 from then on.
    private async Task<byte[]?> TryReadStuffedAsync(long offset, int length, CancellationToken cancellationToken)
    {
        if (_stuffedReads == false)
        {
            return null;
        }

        try
        {
            if (_stuffedReads == null)
            {
                await _session.ExecAsync(PartitionScripts.StuffedReader, cancellationToken).ConfigureAwait(false);
            }

            var decoded = Transfer.StuffedBytes.Decode(await _session.ExecAsync(PartitionScripts.ReadStuffed(offset, length), cancellationToken).ConfigureAwait(false));
            _stuffedReads = decoded != null && decoded.Length == length;
            return _stuffedReads.Value ? decoded : null;
        }
        catch (MicroPythonException)
        {
            _stuffedReads = false;
            return null;
        }
    }

    /// <summary>Reads the image a partition holds, exactly as long as its header declares.</summary>
    /// <param name="partition">The partition number.</param>
    /// <param name="reporter">Receives progress.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The image bytes.</returns>
    /// <exception cref="RomPartitionException">The partition holds no valid image.</exception>
    public async Task<byte[]> ReadImageAsync(int partition, IOperationReporter reporter, CancellationToken cancellationToken)
    {
        var geometry = await DescribeAsync(partition, cancellationToken).ConfigureAwait(false);
        var size = await ReadImageSizeAsync(geometry, cancellationToken).ConfigureAwait(false)
            ?? throw new RomPartitionException($"ROM partition {partition} of {_session.Port} holds no valid ROMFS image.", _session.Port, partition, PartitionState.Unchanged, 0, failure: RomPartitionFailure.NoImageOnPartition);
        return await ReadAsync(geometry, 0, (int)size, reporter, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the image size a ROMFS header declares, or <see langword="null"/> when the bytes are not a valid header.</summary>
    /// <param name="head">The first bytes of the partition (16 are plenty).</param>
    /// <param name="partitionSize">The partition's size: a header declaring more is not valid.</param>
    /// <returns>The image's total size, header included.</returns>
    public static long? ParseImageSize(ReadOnlySpan<byte> head, long partitionSize)
    {
        if (head.Length < 4 || !head.Slice(0, 3).SequenceEqual(RomfsMagic))
        {
            return null;
        }

        long value = 0;
        for (var i = 3; i < head.Length && i < 3 + 9; i++)
        {
            value = (value << 7) | (head[i] & 0x7Fu);
            if ((head[i] & 0x80) == 0)
            {
                var total = i + 1 + value;
                return total <= partitionSize ? total : null;
            }
        }

        return null;
    }

    /// <summary>Points the board-side helpers at a partition, unless they already are.</summary>
    internal async Task BindAsync(RomPartitionGeometry geometry, CancellationToken cancellationToken)
    {
        if (_boundPartition != geometry.Index)
        {
            await DescribeAsync(geometry.Index, cancellationToken).ConfigureAwait(false);
        }
    }

    internal static long ToInt64(object? value) => value switch
    {
        long l => l,
        int i => i,
        BigInteger b when b >= long.MinValue && b <= long.MaxValue => (long)b,
        bool b => b ? 1 : 0,
        _ => throw new FormatException($"Expected an integer from the board, got {value ?? "None"}."),
    };

    private static string? AsText(object? value) => value switch
    {
        byte[] bytes => System.Text.Encoding.ASCII.GetString(bytes),
        string s => s,
        _ => null,
    };

    private static byte[]? DecodeBase64(byte[] text)
    {
        try
        {
            return Convert.FromBase64String(System.Text.Encoding.ASCII.GetString(text).Trim());
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static byte[] FromHex(string hex, int start, int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = byte.Parse(hex.Substring(start + (2 * i), 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }

        return bytes;
    }
}
