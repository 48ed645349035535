using System.Diagnostics;
using System.Globalization;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Partitions.Transfer;
using MicroPythonRomfs.Reporting;
using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.Partitions;

/// <summary>
/// Deploys a ROMFS image to a board's ROM partition: validates before touching flash, writes only the blocks that
/// differ, checks every answer from the board, and verifies what it wrote.
/// </summary>
public sealed class PartitionWriter
{
    /// <summary>The largest erase in one statement, as upstream uses: long erases can outlast a board's watchdog.</summary>
    public const int MaxEraseBytes = 32768;

    /// <summary>The largest write in one statement: what a board with little RAM can decode in one piece.</summary>
    public const int ChunkSize = 4096;

    /// <summary>
    /// The default <see cref="DeployOptions.BinaryWindow"/>: 1,024 bytes of frames in flight, two frames of 499 bytes
    /// of payload. The board acknowledges a frame when it has read it, so at most this many bytes wait in its receive
    /// buffer while it writes a chunk to flash. USB-CDC ports (rp2, esp32-s2/s3, stm32, samd, nrf) hold the host back
    /// in USB itself and never overflow; a UART port overflows only if its stdin buffer is smaller than the window:
    /// give such a board (a 256-byte ring is common) a window of 256, which sends one frame of 243 bytes at a time.
    /// </summary>
    public const int DefaultBinaryWindow = 1024;

    /// <summary>
    /// How long the binary receiver on the board may go without a good frame before it gives up: longer than two
    /// acknowledgement timeouts (two resends), shorter than the raw REPL entry's retries, so a reconnecting host finds the
    /// board back at the prompt.
    /// </summary>
    public const int BoardReceiveTimeoutMilliseconds = 3000;

    /// <summary>
    /// The fewest bytes to write for which <see cref="TransferMode.Auto"/> picks the binary transfer: below it the
    /// receiver's definition (about 2.6 KB, sent once per deploy) costs more than base64's third saves.
    /// </summary>
    public const int BinaryMinimumBytes = 16384;

    private const int EInval = -22;
    private const int MaxBinaryRecoveries = 8;
    private static readonly byte[] StdinProbeBytes = { 0x00, 0xFF, 0x0A, 0x0D, 0x80, 0x7F, 0x1B, 0x20 };
    private static readonly TimeSpan StdinProbeTimeout = TimeSpan.FromSeconds(2);
    private bool? _binaryProbe;

    /// <summary>
    /// How many bytes travel in one file when the link stores files itself (<see cref="IFileTransferLink"/>): the
    /// board's filesystem must hold twice this, and the copy to flash runs once per file.
    /// </summary>
    public const int FileBatchBytes = 32768;

    private readonly PartitionReader _reader;
    private readonly IOperationReporter _reporter;

    /// <summary>Creates a writer over a board session.</summary>
    /// <param name="session">The board.</param>
    /// <param name="reporter">Receives progress, warnings and the "should I?" question; <see langword="null"/> for none.</param>
    public PartitionWriter(IPythonSession session, IOperationReporter? reporter = null)
    {
        _reader = new PartitionReader(session);
        _reporter = reporter ?? NullOperationReporter.Instance;
    }

    private string Port => _reader.Session.Port;

    /// <summary>Works out what a deploy would do, reading the board but changing nothing.</summary>
    /// <param name="image">The image; it is fully parsed before the board is asked anything.</param>
    /// <param name="partition">The partition number.</param>
    /// <param name="full">Plan a full rewrite instead of comparing blocks.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="RomPartitionException">The image does not fit, or the board has no such partition.</exception>
    public async Task<DeployPlan> PlanAsync(byte[] image, int partition, bool full, CancellationToken cancellationToken)
    {
        if (image == null)
        {
            throw new ArgumentNullException(nameof(image));
        }

        ValidateImage(image, partition);
        var geometry = await _reader.DescribeAsync(partition, cancellationToken).ConfigureAwait(false);
        if (image.Length > geometry.Size)
        {
            throw new RomPartitionException(
                string.Format(CultureInfo.InvariantCulture, "The image is {0:N0} bytes, too big for ROM partition {1} of {2} ({3:N0} bytes). Nothing was written.", image.Length, partition, Port, geometry.Size),
                Port,
                partition,
                PartitionState.Unchanged,
                failure: RomPartitionFailure.ImageTooBig);
        }

        var capabilities = await _reader.ProbeAsync(cancellationToken).ConfigureAwait(false);
        var blockCount = DeployPlan.Create(image, geometry).BlockCount;
        IReadOnlyList<byte[]>? digests = null;
        if (!full && geometry.SupportsPartialErase)
        {
            digests = await _reader.ReadDigestsAsync(geometry, 0, blockCount, cancellationToken).ConfigureAwait(false);
        }

        return DeployPlan.Create(image, geometry, digests, digests == null ? BlockDigestAlgorithm.None : capabilities.DigestAlgorithm);
    }

    /// <summary>Deploys an image.</summary>
    /// <param name="image">The image bytes; validated (fully parsed) before the board is touched.</param>
    /// <param name="partition">The partition number.</param>
    /// <param name="options">How to deploy; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the deploy; the error then says what state the partition is in.</param>
    /// <returns>What was done, or <see langword="null"/> when the reporter declined the action (<c>-WhatIf</c>).</returns>
    /// <exception cref="RomPartitionException">Anything failed; <see cref="RomPartitionException.State"/> says what the partition holds.</exception>
    public async Task<DeployResult?> DeployAsync(byte[] image, int partition, DeployOptions? options, CancellationToken cancellationToken)
    {
        options ??= new DeployOptions();
        var stopwatch = Stopwatch.StartNew();
        var sentBefore = _reader.Session.BytesSent;
        var receivedBefore = _reader.Session.BytesReceived;
        var imageHash = RomfsImage.ComputeHash(image);

        var plan = await PlanAsync(image, partition, options.Full, cancellationToken).ConfigureAwait(false);
        var geometry = plan.Partition;
        var capabilities = await _reader.ProbeAsync(cancellationToken).ConfigureAwait(false);
        var encoding = options.Encoding ?? capabilities.BestTextEncoding;
        CheckEncodingIsSupported(encoding, capabilities, partition);

        var target = $"{Port} ROM partition {partition}";
        if (!_reporter.ShouldProcess(target, $"Deploy a {image.Length:N0}-byte image: {plan.Describe()}"))
        {
            return null;
        }

        if (plan.IsUpToDate)
        {
            _reporter.Verbose($"{target} already holds this image; nothing was written.");
            return Result(plan, imageHash, 0, stopwatch, sentBefore, receivedBefore, verified: true, encoding.ToString(), options);
        }

        var binary = await UseBinaryAsync(options, capabilities, partition, plan.BytesToWrite, cancellationToken).ConfigureAwait(false);
        var files = binary && options.Transfer == TransferMode.Auto ? await UseFilesAsync(cancellationToken).ConfigureAwait(false) : null;

        var state = PartitionState.Unchanged;
        long offset = 0;
        try
        {
            if (partition == 0)
            {
                await _reader.Session.ExecAsync(PartitionScripts.UnmountRom, cancellationToken).ConfigureAwait(false);
            }

            await _reader.BindAsync(geometry, cancellationToken).ConfigureAwait(false);

            var minimumWrite = 1;
            foreach (var range in EraseSteps(plan))
            {
                offset = range.Offset;
                state = PartitionState.Incomplete;
                var answer = PartitionReader.ToInt64(await _reader.Session.EvalAsync(PartitionScripts.Erase(geometry, range.Offset, range.Length), cancellationToken).ConfigureAwait(false));
                if (answer < 0)
                {
                    throw Failure($"{Port} failed to erase ROM partition {partition} at offset {range.Offset} ({range.Length:N0} bytes): the board answered {answer}.", partition, state, range.Offset, failure: RomPartitionFailure.FlashOperationFailed);
                }

                if (geometry.Kind == RomPartitionKind.MemoryView)
                {
                    minimumWrite = (int)Math.Max(minimumWrite, Math.Min(answer, geometry.BlockSize));
                }
            }

            var chunkSize = Math.Max(minimumWrite, Math.Min(ChunkSize, geometry.BlockSize) / minimumWrite * minimumWrite);
            var activity = $"Deploying to {target}";
            long written = 0;
            var total = plan.BytesToWrite;
            var blockNumber = 0;
            if (files is not null)
            {
                offset = plan.BlockOffset(plan.BlocksToWrite[0]);
                await WriteThroughFilesAsync(files, plan, chunkSize, activity, stopwatch, o => offset = o, cancellationToken).ConfigureAwait(false);
            }
            else if (binary)
            {
                offset = plan.BlockOffset(plan.BlocksToWrite[0]);
                await WriteBinaryAsync(plan, chunkSize, capabilities.HasDeflate, options, activity, stopwatch, o => offset = o, cancellationToken).ConfigureAwait(false);
            }

            foreach (var block in binary ? Array.Empty<int>() : plan.BlocksToWrite)
            {
                blockNumber++;
                var data = plan.WriteData(block);
                for (var start = 0; start < data.Length; start += chunkSize)
                {
                    offset = plan.BlockOffset(block) + start;
                    var length = Math.Min(chunkSize, data.Length - start);
                    var statement = PartitionScripts.Write(offset, ChunkEncoder.Encode(encoding, new ReadOnlySpan<byte>(data, start, length)));
                    await _reader.Session.ExecAsync(statement, cancellationToken).ConfigureAwait(false);
                    written += length;
                    var rate = stopwatch.Elapsed.TotalSeconds > 0 ? written / stopwatch.Elapsed.TotalSeconds : 0;
                    _reporter.Progress(new OperationProgress(1, activity, string.Format(CultureInfo.InvariantCulture, "Block {0} of {1}: {2:N0} of {3:N0} bytes, {4:N0} B/s", blockNumber, plan.BlocksToWrite.Count, written, total, rate), written, total));
                }
            }

            if (geometry.Kind == RomPartitionKind.MemoryView)
            {
                offset = plan.PaddedLength;
                var completed = PartitionReader.ToInt64(await _reader.Session.EvalAsync(PartitionScripts.Complete(partition), cancellationToken).ConfigureAwait(false));

                // stm32 firmware does not implement "complete" and answers EINVAL; anything else negative is a failure.
                if (completed < 0 && completed != EInval)
                {
                    throw Failure($"{Port} failed to complete writing ROM partition {partition}: vfs.rom_ioctl(5) answered {completed}.", partition, state, null, failure: RomPartitionFailure.FlashOperationFailed);
                }
            }

            _reporter.Progress(new OperationProgress(1, activity, "Done", total, total, isCompleted: true));
            state = PartitionState.Unverified;
            var verified = false;
            if (options.Verify)
            {
                await VerifyAsync(plan, capabilities, cancellationToken).ConfigureAwait(false);
                verified = true;
            }

            return Result(plan, imageHash, plan.BlocksToWrite.Count, stopwatch, sentBefore, receivedBefore, verified, files is not null ? "File" : binary ? "Binary" : encoding.ToString(), options);
        }
        catch (RomPartitionException)
        {
            throw;
        }
        catch (Exception e) when (e is not ArgumentException)
        {
            var what = e is OperationCanceledException ? "was cancelled" : "failed";
            var failure = e is MicroPythonException ? RomPartitionFailure.FlashOperationFailed : RomPartitionFailure.DeployInterrupted;
            throw Failure($"The deploy to {target} {what} at offset {offset}: {e.Message}", partition, state, offset, e, failure);
        }
    }

    private async Task<bool> UseBinaryAsync(DeployOptions options, BoardCapabilities capabilities, int partition, long bytesToWrite, CancellationToken cancellationToken)
    {
        if (options.Transfer == TransferMode.Text || (options.Transfer == TransferMode.Auto && (options.Encoding != null || bytesToWrite < BinaryMinimumBytes)))
        {
            return false;
        }

        var can = _reader.Session is IDuplexPythonSession duplex && capabilities.HasCrc32 && await ProbeStdinAsync(duplex, cancellationToken).ConfigureAwait(false);
        if (!can && options.Transfer == TransferMode.Binary)
        {
            throw new RomPartitionException($"{Port} cannot take binary transfers: its stdin does not carry raw bytes (or it lacks binascii.crc32). Use the Text or Auto transfer. Nothing was written.", Port, partition, PartitionState.Unchanged, failure: RomPartitionFailure.TransferNotSupported);
        }

        if (!can)
        {
            _reporter.Verbose($"{Port} cannot take binary transfers; sending the image as text.");
        }

        return can;
    }

    // WebREPL stores files from its own binary protocol at socket speed, while REPL input squeezes through the
    // board's 260-byte stdin ring one acknowledged window at a time (the bench measures both): where the link can
    // put files and the board's filesystem has room for two batches, the data goes as files and the board copies
    // each into flash after checking its CRC-32.
    private async Task<IFileTransferLink?> UseFilesAsync(CancellationToken cancellationToken)
    {
        if ((_reader.Session as RawReplSession)?.Link is not IFileTransferLink link)
        {
            return null;
        }

        try
        {
            await _reader.Session.ExecAsync(FileTransferScripts.Copier, cancellationToken).ConfigureAwait(false);
            if (await _reader.Session.EvalAsync(FileTransferScripts.CanStore(2 * FileBatchBytes), cancellationToken).ConfigureAwait(false) is true)
            {
                // A one-byte file shows that the server really speaks the file protocol before the deploy relies on it.
                await link.PutFileAsync(FileTransferScripts.BatchPath, new byte[] { 0 }, 0, 1, cancellationToken).ConfigureAwait(false);
                return link;
            }
        }
        catch (DeviceConnectionException e) when (link.IsOpen)
        {
            _reporter.Verbose($"{Port} does not take WebREPL file transfers: {e.Message}");
            return null;
        }
        catch (MicroPythonException e)
        {
            _reporter.Verbose($"{Port} cannot store files for the deploy: {e.Message}");
            return null;
        }

        _reporter.Verbose($"{Port} has no room on its filesystem for {2 * FileBatchBytes:N0} bytes; sending the data through the REPL.");
        return null;
    }

    private async Task WriteThroughFilesAsync(IFileTransferLink link, DeployPlan plan, int chunkSize, string activity, Stopwatch stopwatch, Action<long> reached, CancellationToken cancellationToken)
    {
        var batch = new MemoryStream();
        var ranges = new List<(long Offset, int Length)>();
        long written = 0;
        var total = plan.BytesToWrite;

        async Task FlushAsync()
        {
            if (ranges.Count == 0)
            {
                return;
            }

            var bytes = batch.ToArray();
            reached(ranges[0].Offset);
            await link.PutFileAsync(FileTransferScripts.BatchPath, bytes, 0, bytes.Length, cancellationToken).ConfigureAwait(false);
            await _reader.Session.ExecAsync(FileTransferScripts.Copy(ranges, Crc32.Update(0, bytes), chunkSize), cancellationToken).ConfigureAwait(false);
            written += bytes.Length;
            var rate = stopwatch.Elapsed.TotalSeconds > 0 ? written / stopwatch.Elapsed.TotalSeconds : 0;
            _reporter.Progress(new OperationProgress(1, activity, string.Format(CultureInfo.InvariantCulture, "{0:N0} of {1:N0} bytes, {2:N0} B/s", written, total, rate), written, total));
            batch.SetLength(0);
            ranges.Clear();
        }

        try
        {
            foreach (var block in plan.BlocksToWrite)
            {
                var data = plan.WriteData(block);
                for (var start = 0; start < data.Length; start += chunkSize)
                {
                    var length = Math.Min(chunkSize, data.Length - start);
                    if (batch.Length + length > FileBatchBytes)
                    {
                        await FlushAsync().ConfigureAwait(false);
                    }

                    ranges.Add((plan.BlockOffset(block) + start, length));
                    batch.Write(data, start, length);
                }
            }

            await FlushAsync().ConfigureAwait(false);
        }
        finally
        {
            if (link.IsOpen)
            {
                try
                {
                    await _reader.Session.ExecAsync(FileTransferScripts.Remove, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or TimeoutException or MicroPythonException)
                {
                    _reporter.Verbose($"The deploy's temporary file {FileTransferScripts.BatchPath} on {Port} could not be removed: {e.Message}");
                }
            }
        }
    }

    // Sends known bytes to a small program that echoes them in hex: cheap (one statement, eight bytes) and it tests
    // exactly what the receiver relies on.
    private async Task<bool> ProbeStdinAsync(IDuplexPythonSession duplex, CancellationToken cancellationToken)
    {
        if (_binaryProbe is bool known)
        {
            return known;
        }

        await duplex.ExecAsync(PartitionScripts.BinaryReceiver, cancellationToken).ConfigureAwait(false);
        try
        {
            await duplex.ExecDuplexAsync(PartitionScripts.ProbeStdin(StdinProbeBytes.Length), (channel, token) => EchoProbeAsync(channel, token), cancellationToken).ConfigureAwait(false);
            _binaryProbe = true;
        }
        catch (Exception e) when (e is InvalidDataException or DeviceTimeoutException or MicroPythonException)
        {
            _reporter.Verbose($"The stdin probe on {Port} failed: {e.Message}");
            _binaryProbe = false;
        }

        return _binaryProbe.Value;
    }

    private static async Task EchoProbeAsync(IProgramChannel channel, CancellationToken cancellationToken)
    {
        var buffer = new byte[64];
        var ready = false;
        for (var i = 0; i < 64 && !ready; i++)
        {
            if (await channel.ReadAsync(buffer, 0, 1, StdinProbeTimeout, cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new InvalidDataException("the board cannot read its stdin.");
            }

            ready = buffer[0] == (byte)'R';
        }

        await channel.WriteAsync(StdinProbeBytes, 0, StdinProbeBytes.Length, cancellationToken).ConfigureAwait(false);
        var echoed = new System.Text.StringBuilder();
        for (var i = 0; i < 256; i++)
        {
            var n = await channel.ReadAsync(buffer, 0, buffer.Length, StdinProbeTimeout, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            echoed.Append(System.Text.Encoding.ASCII.GetString(buffer, 0, n));
        }

        var expected = string.Concat(StdinProbeBytes.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
        if (echoed.ToString() != expected)
        {
            throw new InvalidDataException($"the board read {echoed} from its stdin instead of {expected}.");
        }
    }

    private async Task WriteBinaryAsync(DeployPlan plan, int chunkSize, bool deflate, DeployOptions options, string activity, Stopwatch stopwatch, Action<long> reached, CancellationToken cancellationToken)
    {
        var window = Math.Max(64, Math.Min(options.BinaryWindow, (_reader.Session as RawReplSession)?.InputWindow ?? int.MaxValue));
        var framePayload = window >= 1024 ? (window / 2) - BinaryFrame.HeaderLength : window - BinaryFrame.HeaderLength;
        var frames = new List<byte[]>();
        var frameOffsets = new List<long>();
        var frameDone = new List<long>();
        long done = 0;
        foreach (var block in plan.BlocksToWrite)
        {
            var data = plan.WriteData(block);
            for (var start = 0; start < data.Length; start += chunkSize)
            {
                var offset = plan.BlockOffset(block) + start;
                var chunk = new ReadOnlySpan<byte>(data, start, Math.Min(chunkSize, data.Length - start));
                byte flags = 0;
                var payload = chunk;
                if (deflate)
                {
                    var compressed = RawDeflateEncoder.Compress(chunk, PartitionScripts.DeflateWindowBits);
                    if (compressed.Length + 16 < chunk.Length)
                    {
                        payload = compressed;
                        flags = BinaryFrame.Compressed;
                    }
                }

                for (var at = 0; at < payload.Length || at == 0; at += framePayload)
                {
                    var length = Math.Min(framePayload, payload.Length - at);
                    var last = at + length >= payload.Length;
                    frames.Add(BinaryFrame.Create(frames.Count & 0xFFFF, (byte)(flags | (last ? BinaryFrame.EndOfChunk : 0)), offset, payload.Slice(at, length)));
                    frameOffsets.Add(offset);
                    done += last ? chunk.Length : 0;
                    frameDone.Add(done);
                }
            }
        }

        frames.Add(BinaryFrame.Create(frames.Count & 0xFFFF, BinaryFrame.EndOfTransfer, 0, ReadOnlySpan<byte>.Empty));
        frameOffsets.Add(plan.PaddedLength);
        frameDone.Add(done);

        var duplex = (IDuplexPythonSession)_reader.Session;
        var total = plan.BytesToWrite;
        var acknowledged = 0;
        var boardFailed = false;
        long reported = 0;
        await duplex.ExecDuplexAsync(
            PartitionScripts.Receive(framePayload, chunkSize, BoardReceiveTimeoutMilliseconds),
            async (channel, token) =>
            {
                var sender = new BinaryFrameSender(channel, Port, framePayload, window, options.AcknowledgementTimeout, MaxBinaryRecoveries);
                acknowledged = await sender.SendAsync(
                    frames,
                    acked =>
                    {
                        reached(frameOffsets[Math.Min(acked, frames.Count - 1)]);
                        var written = frameDone[acked - 1];
                        if (written == reported)
                        {
                            return;
                        }

                        // Progress per chunk, as the text transfer reports it.
                        reported = written;
                        var rate = stopwatch.Elapsed.TotalSeconds > 0 ? written / stopwatch.Elapsed.TotalSeconds : 0;
                        _reporter.Progress(new OperationProgress(1, activity, string.Format(CultureInfo.InvariantCulture, "Frame {0} of {1}: {2:N0} of {3:N0} bytes, {4:N0} B/s", acked, frames.Count, written, total, rate), written, total));
                    },
                    token).ConfigureAwait(false);
                boardFailed = sender.BoardFailed;
                if (boardFailed && acknowledged > 0)
                {
                    // The board acknowledges a chunk's last frame before writing the chunk: the failed write is that chunk.
                    reached(frameOffsets[acknowledged - 1]);
                }
            },
            cancellationToken).ConfigureAwait(false);

        if (acknowledged < frames.Count)
        {
            var what = boardFailed ? "reported a failed write" : "left the binary receiver";
            throw new IOException($"{Port} {what} after {acknowledged} of {frames.Count} frames.");
        }
    }

    private void ValidateImage(byte[] image, int partition)
    {
        try
        {
            RomfsImage.Parse(image);
        }
        catch (RomfsFormatException e)
        {
            throw new RomPartitionException($"The image is not a valid ROMFS image ({e.Message}). Nothing was written to {Port}.", Port, partition, PartitionState.Unchanged, innerException: e, failure: RomPartitionFailure.InvalidImage);
        }
    }

    private static IEnumerable<(long Offset, long Length)> EraseSteps(DeployPlan plan)
    {
        var geometry = plan.Partition;
        if (!geometry.SupportsPartialErase)
        {
            yield return (0, plan.PaddedLength);
            yield break;
        }

        var step = Math.Max(geometry.BlockSize, MaxEraseBytes / geometry.BlockSize * geometry.BlockSize);
        foreach (var range in plan.EraseRanges)
        {
            var start = plan.BlockOffset(range.FirstBlock);
            var end = plan.BlockOffset(range.LastBlock + 1);
            for (var offset = start; offset < end; offset += step)
            {
                yield return (offset, Math.Min(step, end - offset));
            }
        }
    }

    private void CheckEncodingIsSupported(TextTransferEncoding encoding, BoardCapabilities capabilities, int partition)
    {
        var supported = encoding switch
        {
            TextTransferEncoding.DeflateBase64 => capabilities.HasDeflate,
            TextTransferEncoding.Base64 => capabilities.HasA2bBase64,
            TextTransferEncoding.Hex => capabilities.HasFromHex,
            _ => true,
        };
        if (!supported)
        {
            throw new RomPartitionException($"{Port} cannot decode the {encoding} transfer encoding; choose another or let it be picked automatically. Nothing was written.", Port, partition, PartitionState.Unchanged, failure: RomPartitionFailure.TransferNotSupported);
        }
    }

    private async Task VerifyAsync(DeployPlan plan, BoardCapabilities capabilities, CancellationToken cancellationToken)
    {
        var geometry = plan.Partition;
        foreach (var run in plan.EraseRanges)
        {
            var count = Math.Min(run.Count, plan.BlockCount - run.FirstBlock);
            IReadOnlyList<byte[]>? digests = null;
            if (capabilities.DigestAlgorithm != BlockDigestAlgorithm.None)
            {
                digests = await _reader.ReadDigestsAsync(geometry, run.FirstBlock, count, cancellationToken).ConfigureAwait(false);
            }

            for (var i = 0; i < count; i++)
            {
                var block = run.FirstBlock + i;
                var matches = digests != null
                    ? digests[i].AsSpan().SequenceEqual(BlockDigest.Compute(capabilities.DigestAlgorithm, plan.ExpectedBlock(block)))
                    : (await _reader.ReadAsync(geometry, plan.BlockOffset(block), geometry.BlockSize, NullOperationReporter.Instance, cancellationToken).ConfigureAwait(false)).AsSpan().SequenceEqual(plan.ExpectedBlock(block));
                if (!matches)
                {
                    throw Failure($"Verification failed: block {block} (offset {plan.BlockOffset(block)}) of ROM partition {geometry.Index} on {Port} does not hold what was written. Run the deploy again to rewrite it.", geometry.Index, PartitionState.Unverified, plan.BlockOffset(block), failure: RomPartitionFailure.VerificationFailed);
                }
            }
        }
    }

    private DeployResult Result(DeployPlan plan, string imageHash, int blocksWritten, Stopwatch stopwatch, long sentBefore, long receivedBefore, bool verified, string transfer, DeployOptions options) =>
        new(
            Port,
            plan.Partition.Index,
            plan.ImageLength,
            imageHash,
            blocksWritten,
            plan.BlockCount - blocksWritten,
            blocksWritten == 0 ? 0 : plan.BytesToWrite,
            _reader.Session.BytesSent - sentBefore,
            _reader.Session.BytesReceived - receivedBefore,
            stopwatch.Elapsed,
            verified,
            transfer,
            options.UniqueId);

    private RomPartitionException Failure(string message, int partition, PartitionState state, long? offset, Exception? inner = null, RomPartitionFailure failure = RomPartitionFailure.FlashOperationFailed)
    {
        var consequence = state switch
        {
            PartitionState.Incomplete => " The partition now holds no valid image (its header block was erased) and will not mount; run the same deploy again to complete it.",
            PartitionState.Unverified => string.Empty,
            _ => " Nothing was changed on the board.",
        };
        return new RomPartitionException(message + consequence, Port, partition, state, offset, inner, failure);
    }
}
