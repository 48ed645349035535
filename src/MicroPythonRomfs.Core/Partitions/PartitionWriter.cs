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
public sealed partial class PartitionWriter
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

    /// <summary>The largest image the compact deploy (one checked statement) takes; larger ones use the library.</summary>
    public const int CompactMaxBytes = 16384;

    private const int EInval = -22;
    private const int SmallBinaryWindow = 256;
    private const int CheckedAttempts = 2;
    private const int MinimumTextChunk = 256;
    private const int CompactBlockSize = PartitionScripts.CompactBlockSize;

    // What naming the inflater costs in the compact statement, against plain base64.
    private const int CompactDeflateCost = 8;
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
    public Task<DeployPlan> PlanAsync(byte[] image, int partition, bool full, CancellationToken cancellationToken) =>
        PlanAsync(image, partition, full, null, cancellationToken);

    private async Task<DeployPlan> PlanAsync(byte[] image, int partition, bool full, byte[]? expectedBoardImage, CancellationToken cancellationToken)
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
            digests = (expectedBoardImage == null ? null : await ExpectedDigestsAsync(expectedBoardImage, geometry, capabilities, blockCount, cancellationToken).ConfigureAwait(false))
                ?? await _reader.ReadDigestsAsync(geometry, 0, blockCount, cancellationToken).ConfigureAwait(false);
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

        var target = $"{Port} ROM partition {partition}";
        var approved = false;
        if (CompactApplies(image, options))
        {
            ValidateImage(image, partition);
            var assumed = DeployPlan.Create(image, new RomPartitionGeometry(partition, Math.Max(CompactBlockSize, (image.Length + CompactBlockSize - 1L) / CompactBlockSize * CompactBlockSize), CompactBlockSize, RomPartitionKind.MemoryView));
            if (!_reporter.ShouldProcess(target, $"Deploy a {image.Length:N0}-byte image: {assumed.Describe()}"))
            {
                return null;
            }

            approved = true;
            var compact = await TryCompactAsync(image, partition, options, imageHash, stopwatch, sentBefore, receivedBefore, cancellationToken).ConfigureAwait(false);
            if (compact != null)
            {
                return compact;
            }
        }

        DeployPlan plan;
        try
        {
            plan = await PlanAsync(image, partition, options.Full, options.ExpectedBoardImage, cancellationToken).ConfigureAwait(false);
        }
        catch (MicroPythonException e)
        {
            throw new RomPartitionException($"{Port} failed while planning the deploy to ROM partition {partition}: it raised {e.ExceptionName}. Nothing was written.", Port, partition, PartitionState.Unchanged, innerException: e, failure: RomPartitionFailure.FlashOperationFailed);
        }

        var geometry = plan.Partition;
        var capabilities = await _reader.ProbeAsync(cancellationToken).ConfigureAwait(false);
        var encoding = options.Encoding ?? capabilities.BestTextEncoding;
        CheckEncodingIsSupported(encoding, capabilities, partition);

        if (!approved && !_reporter.ShouldProcess(target, $"Deploy a {image.Length:N0}-byte image: {plan.Describe()}"))
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
                var answer = await CheckedAnswerAsync(partition, PartitionScripts.Erase(geometry, range.Offset, range.Length), cancellationToken).ConfigureAwait(false);
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
                binary = await WriteBinaryWithFallbackAsync(plan, chunkSize, capabilities.HasDeflate, options, activity, stopwatch, o => offset = o, cancellationToken).ConfigureAwait(false);
            }

            // Chunks smaller than a block (down to the minimum write) when the board runs out of memory decoding one.
            var textChunk = chunkSize;
            foreach (var block in binary ? Array.Empty<int>() : plan.BlocksToWrite)
            {
                blockNumber++;
                var data = plan.WriteData(block);
                for (var start = 0; start < data.Length;)
                {
                    offset = plan.BlockOffset(block) + start;
                    var length = Math.Min(textChunk, data.Length - start);
                    var chunk = new ReadOnlySpan<byte>(data, start, length);
                    var statement = PartitionScripts.CheckedWrite(partition, offset, chunk, ChunkEncoder.Encode(encoding, chunk));
                    try
                    {
                        await ExecCheckedAsync(statement, cancellationToken).ConfigureAwait(false);
                    }
                    catch (MicroPythonException e) when (IsMemoryError(e) && options.Transfer == TransferMode.Auto && textChunk / 2 >= Math.Max(minimumWrite, MinimumTextChunk))
                    {
                        textChunk = textChunk / 2 / minimumWrite * minimumWrite;
                        _reporter.Verbose($"{Port} ran out of memory decoding {length:N0} bytes; sending {textChunk:N0} at a time.");
                        continue;
                    }

                    start += length;
                    written += length;
                    var rate = stopwatch.Elapsed.TotalSeconds > 0 ? written / stopwatch.Elapsed.TotalSeconds : 0;
                    _reporter.Progress(new OperationProgress(1, activity, string.Format(CultureInfo.InvariantCulture, "Block {0} of {1}: {2:N0} of {3:N0} bytes, {4:N0} B/s", blockNumber, plan.BlocksToWrite.Count, written, total, rate), written, total));
                }
            }

            if (geometry.Kind == RomPartitionKind.MemoryView)
            {
                offset = plan.PaddedLength;
                var completed = await CheckedAnswerAsync(partition, PartitionScripts.Complete(partition), cancellationToken).ConfigureAwait(false);

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
            if (state == PartitionState.Unverified)
            {
                // Every block was written and completed; only the read-back did not finish, so the partition most
                // likely holds the new image. Saying "no valid image" here would send users after a problem that is not there.
                throw Failure($"The deploy to {target} wrote every block, but verifying them {what}: {e.Message} The partition most likely holds the new image; run the same deploy again to verify it (unchanged blocks are not rewritten).", partition, state, offset, e, failure);
            }

            throw Failure($"The deploy to {target} {what} at offset {offset}: {e.Message}", partition, state, offset, e, failure);
        }
    }

    private static bool CompactApplies(byte[] image, DeployOptions options) =>
        image != null
        && image.Length <= CompactMaxBytes
        && options.Transfer != TransferMode.Binary
        && options.ExpectedBoardImage == null
        && (options.Encoding == null || options.Encoding == TextTransferEncoding.DeflateBase64);

    // One checked statement deploys and verifies a small image (see PartitionScripts.CompactDeploy). It is an
    // attempt: when the board lacks what it needs, refuses it (a corrupted byte fails its checksum), or the digest it
    // prints is not the image's, the library path below runs and completes the deploy from whatever state the board
    // is in. Returns null in those cases.
    private async Task<DeployResult?> TryCompactAsync(byte[] image, int partition, DeployOptions options, string imageHash, Stopwatch stopwatch, long sentBefore, long receivedBefore, CancellationToken cancellationToken)
    {
        var padded = Math.Max(DeployPlan.WriteUnit, (image.Length + DeployPlan.WriteUnit - 1L) / DeployPlan.WriteUnit * DeployPlan.WriteUnit);
        var expected = new byte[padded];
        Array.Copy(image, expected, image.Length);
        var chunks = new List<(long Offset, string Base64, bool Deflated, int Zeros)>();
        for (var offset = 0; offset < padded; offset += ChunkSize)
        {
            // The last chunk's zero padding is made on the board; earlier chunks carry their bytes.
            var length = (int)Math.Min(ChunkSize, padded - offset);
            var data = Math.Max(0, Math.Min(length, image.Length - offset));
            var zeros = length - data;
            var slice = new ReadOnlySpan<byte>(expected, offset, data);
            var plain = Convert.ToBase64String(slice.ToArray());
            var deflated = Convert.ToBase64String(RawDeflateEncoder.Compress(slice, PartitionScripts.DeflateWindowBits));
            var useDeflate = deflated.Length + CompactDeflateCost < plain.Length;
            chunks.Add((offset, useDeflate ? deflated : plain, useDeflate, zeros));
        }

        uint? current = options.Full ? null : Crc32.Update(0, expected);
        var statement = PartitionScripts.CompactDeploy(partition, padded, current, chunks);
        object? answer;
        try
        {
            answer = PythonLiteral.Parse(System.Text.Encoding.UTF8.GetString(await _reader.Session.ExecAsync(statement, cancellationToken).ConfigureAwait(false)).Trim());
        }
        catch (Exception e) when (e is MicroPythonException or PythonLiteralException)
        {
            _reporter.Verbose($"{Port} did not take the compact deploy ({e.Message.Trim()}); using the partition library.");
            return null;
        }
        catch (Exception e) when (e is DeviceTimeoutException or DeviceConnectionException or OperationCanceledException)
        {
            // The statement may or may not have run: say the partition may be incomplete.
            var what = e is OperationCanceledException ? "was cancelled" : "failed";
            throw Failure($"The deploy to {Port} ROM partition {partition} {what}: {e.Message}", partition, PartitionState.Incomplete, 0, e, RomPartitionFailure.DeployInterrupted);
        }

        byte[] digest;
        using (var sha = System.Security.Cryptography.SHA256.Create())
        {
            digest = sha.ComputeHash(expected);
        }

        // (size, 0 or (erase answer, complete answer), digest, block size); no answer at all means the board refused
        // the checksum.
        if (answer is not object?[] { Length: 4 } items || items[2] is not byte[] onBoard || !onBoard.AsSpan().SequenceEqual(digest))
        {
            _reporter.Verbose($"{Port} did not confirm the compact deploy; using the partition library.");
            return null;
        }

        var written = items[1] is object?[] answers;
        if (written && items[1] is object?[] { Length: 2 } steps && PartitionReader.ToInt64(steps[1]) is long completed && completed < 0 && completed != EInval)
        {
            _reporter.Verbose($"{Port} answered {completed} to completing the write; using the partition library.");
            return null;
        }

        // The block size as the partition library reads it (rom_ioctl 6; not positive: the partition is one block).
        var size = PartitionReader.ToInt64(items[0]);
        var blockSize = PartitionReader.ToInt64(items[3]) is var reported && reported > 0 && reported <= size ? reported : size;
        var geometry = new RomPartitionGeometry(partition, size, (int)Math.Min(int.MaxValue, blockSize), RomPartitionKind.MemoryView);
        var plan = DeployPlan.Create(image, geometry);
        var blocks = written ? plan.BlocksToWrite.Count : 0;
        return Result(plan, imageHash, blocks, stopwatch, sentBefore, receivedBefore, verified: true, TextTransferEncoding.DeflateBase64.ToString(), options);
    }

    private async Task<bool> UseBinaryAsync(DeployOptions options, BoardCapabilities capabilities, int partition, long bytesToWrite, CancellationToken cancellationToken)
    {
        if (options.Transfer == TransferMode.Text || (options.Transfer == TransferMode.Auto && (options.Encoding != null || bytesToWrite < BinaryMinimumBytes)))
        {
            return false;
        }

        var can = _reader.Session is IDuplexPythonSession duplex && capabilities.HasCrc32 && await ProbeStdinAsync(duplex, capabilities, cancellationToken).ConfigureAwait(false);
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
    private async Task<bool> ProbeStdinAsync(IDuplexPythonSession duplex, BoardCapabilities capabilities, CancellationToken cancellationToken)
    {
        if (_binaryProbe is bool known)
        {
            return known;
        }

        try
        {
            await duplex.ExecAsync(ReceiverDefinition(capabilities), cancellationToken).ConfigureAwait(false);
            await duplex.ExecDuplexAsync(PartitionScripts.ProbeStdin(StdinProbeBytes.Length, ChunkSize + (DefaultBinaryWindow / 2)), (channel, token) => EchoProbeAsync(channel, token), cancellationToken).ConfigureAwait(false);
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

    // The binary transfer, stepping down when the board runs out of memory for it: smaller frames first, then (in
    // Auto) the text transfer, which rewrites every planned block; writing the same bytes again over them is harmless.
    // Returns whether the data went in binary.
    private async Task<bool> WriteBinaryWithFallbackAsync(DeployPlan plan, int chunkSize, bool deflate, DeployOptions options, string activity, Stopwatch stopwatch, Action<long> reached, CancellationToken cancellationToken)
    {
        var window = Math.Max(64, Math.Min(options.BinaryWindow, (_reader.Session as RawReplSession)?.InputWindow ?? int.MaxValue));
        while (true)
        {
            try
            {
                await WriteBinaryAsync(plan, chunkSize, deflate, window, options, activity, stopwatch, reached, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (MicroPythonException e) when (IsMemoryError(e) && window > SmallBinaryWindow)
            {
                window = SmallBinaryWindow;
                _reporter.Verbose($"{Port} ran out of memory in the binary receiver; sending smaller frames.");
            }
            catch (MicroPythonException e) when (IsMemoryError(e) && options.Transfer == TransferMode.Auto)
            {
                _reporter.Verbose($"{Port} ran out of memory in the binary receiver; sending the image as text.");
                return false;
            }
        }
    }

    private static bool IsMemoryError(MicroPythonException e) => e.ExceptionName == "MemoryError";

    // Erases and completes travel through the library's Q, which runs them only when their checksum matches; the
    // answer is the board's, printed. No answer at all means the board refused the statement.
    private async Task<long> CheckedAnswerAsync(int partition, string expression, CancellationToken cancellationToken)
    {
        var printed = System.Text.Encoding.UTF8.GetString(await ExecCheckedAsync(PartitionScripts.LibraryChecked(partition, "print(repr(" + expression + "))"), cancellationToken).ConfigureAwait(false)).Trim();
        return PartitionReader.ToInt64(PythonLiteral.Parse(printed));
    }

    // A checked statement the board refused (its checksum failed, or a damaged byte made it fail to parse or decode)
    // changed nothing, and running it again is harmless (an erase erases again, a write writes the same bytes), so a
    // byte damaged on the way costs one resend. The second failure is reported.
    private async Task<byte[]> ExecCheckedAsync(string statement, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await _reader.Session.ExecAsync(statement, cancellationToken).ConfigureAwait(false);
            }
            catch (MicroPythonException e) when (attempt < CheckedAttempts && !IsMemoryError(e) && e.ExceptionName != "OSError")
            {
                _reporter.Verbose($"{Port} refused a flash statement ({e.ExceptionName}); sending it again.");
            }
        }
    }

    // The receiver is about 2.6 KB of Python: sent compressed when the board can inflate.
    private static string ReceiverDefinition(BoardCapabilities capabilities)
    {
        if (!capabilities.HasDeflate)
        {
            return PartitionScripts.BinaryReceiver;
        }

        var compressed = RawDeflateEncoder.Compress(System.Text.Encoding.ASCII.GetBytes(PartitionScripts.BinaryReceiver), PartitionScripts.DeflateWindowBits);
        return "exec(z(b'" + Convert.ToBase64String(compressed) + "'))";
    }

    private async Task WriteBinaryAsync(DeployPlan plan, int chunkSize, bool deflate, int window, DeployOptions options, string activity, Stopwatch stopwatch, Action<long> reached, CancellationToken cancellationToken)
    {
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
            PartitionScripts.Receive(plan.Partition.Index, framePayload, chunkSize, BoardReceiveTimeoutMilliseconds),
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

    // Proves the whole image is on the board, not only what this deploy wrote: one SHA-256 over every block the
    // padded image spans (image, zero padding, erased rest of the last block), computed by the board, where it can;
    // else every block's fingerprint, else every block read back.
    private async Task VerifyAsync(DeployPlan plan, BoardCapabilities capabilities, CancellationToken cancellationToken)
    {
        var geometry = plan.Partition;
        var span = (long)plan.BlockCount * geometry.BlockSize;
        if (capabilities.HasSha256 && capabilities.HasHexlify)
        {
            await _reader.BindAsync(geometry, cancellationToken).ConfigureAwait(false);
            var printed = System.Text.Encoding.UTF8.GetString(await _reader.Session.ExecAsync(PartitionScripts.SpanHash(geometry.Index, span), cancellationToken).ConfigureAwait(false)).Trim();
            var onBoard = PythonLiteral.Parse(printed) is byte[] hex ? System.Text.Encoding.ASCII.GetString(hex) : string.Empty;
            string expected;
            using (var sha = System.Security.Cryptography.SHA256.Create())
            {
                for (var block = 0; block < plan.BlockCount; block++)
                {
                    var bytes = plan.ExpectedBlock(block);
                    sha.TransformBlock(bytes, 0, bytes.Length, null, 0);
                }

                sha.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
                expected = string.Concat(sha.Hash!.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
            }

            if (!string.Equals(onBoard, expected, StringComparison.Ordinal))
            {
                throw Failure($"Verification failed: ROM partition {geometry.Index} on {Port} does not hold the image (the SHA-256 of its first {span:N0} bytes differs). Run the deploy again to rewrite it.", geometry.Index, PartitionState.Unverified, 0, failure: RomPartitionFailure.VerificationFailed);
            }

            return;
        }

        IReadOnlyList<byte[]>? digests = null;
        if (capabilities.DigestAlgorithm != BlockDigestAlgorithm.None)
        {
            digests = await _reader.ReadDigestsAsync(geometry, 0, plan.BlockCount, cancellationToken).ConfigureAwait(false);
        }

        for (var block = 0; block < plan.BlockCount; block++)
        {
            var matches = digests != null
                ? digests[block].AsSpan().SequenceEqual(BlockDigest.Compute(capabilities.DigestAlgorithm, plan.ExpectedBlock(block)))
                : (await _reader.ReadAsync(geometry, plan.BlockOffset(block), geometry.BlockSize, NullOperationReporter.Instance, cancellationToken).ConfigureAwait(false)).AsSpan().SequenceEqual(plan.ExpectedBlock(block));
            if (!matches)
            {
                throw Failure($"Verification failed: block {block} (offset {plan.BlockOffset(block)}) of ROM partition {geometry.Index} on {Port} does not hold the image. Run the deploy again to rewrite it.", geometry.Index, PartitionState.Unverified, plan.BlockOffset(block), failure: RomPartitionFailure.VerificationFailed);
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
