using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.Partitions.Transfer;

/// <summary>
/// The host side of the binary transfer: keeps a window of frames in flight, counts the board's acknowledgements,
/// resends from the first unacknowledged frame after a rejected frame or a silence, and on cancellation or a failed
/// write makes the board leave its receiver (padding, sync, abort frame) before returning or throwing.
/// </summary>
internal sealed class BinaryFrameSender
{
    private const int MaxFramesInFlight = 16;
    private const byte ReadyMark = (byte)'>';
    private readonly IProgramChannel _channel;
    private readonly string _port;
    private readonly int _windowBytes;
    private readonly int _framePayload;
    private readonly TimeSpan _ackTimeout;
    private readonly int _maxRecoveries;
    private int _epoch;

    public BinaryFrameSender(IProgramChannel channel, string port, int framePayload, int windowBytes, TimeSpan ackTimeout, int maxRecoveries)
    {
        _channel = channel;
        _port = port;
        _framePayload = framePayload;
        _windowBytes = windowBytes;
        _ackTimeout = ackTimeout;
        _maxRecoveries = maxRecoveries;
    }

    /// <summary>How many times frames were sent again after a rejected frame or a silence.</summary>
    public int Recoveries { get; private set; }

    /// <summary>Whether the board reported a failed write (its error follows as the program's exception).</summary>
    public bool BoardFailed { get; private set; }

    /// <summary>Sends the frames; returns how many the board acknowledged (all of them unless it ended early).</summary>
    public async Task<int> SendAsync(IReadOnlyList<byte[]> frames, Action<int> acknowledged, CancellationToken cancellationToken)
    {
        var acked = 0;
        var sent = 0;
        long inFlight = 0;
        var input = new byte[256];
        try
        {
            if (!await WaitForReadyAsync(input, cancellationToken).ConfigureAwait(false))
            {
                return 0;
            }

            while (acked < frames.Count)
            {
                while (sent < frames.Count && sent - acked < MaxFramesInFlight && (sent == acked || inFlight + frames[sent].Length <= _windowBytes))
                {
                    await _channel.WriteAsync(frames[sent], 0, frames[sent].Length, cancellationToken).ConfigureAwait(false);
                    inFlight += frames[sent].Length;
                    sent++;
                }

                int count;
                try
                {
                    count = await _channel.ReadAsync(input, 0, input.Length, _ackTimeout, cancellationToken).ConfigureAwait(false);
                }
                catch (DeviceTimeoutException)
                {
                    // A lost byte leaves the board waiting inside a frame: padding completes it (and fails its check).
                    await RecoverAsync(withPadding: true, cancellationToken).ConfigureAwait(false);
                    sent = acked;
                    inFlight = 0;
                    continue;
                }

                if (count == 0)
                {
                    return acked;
                }

                var before = acked;
                var rejected = false;
                for (var i = 0; i < count; i++)
                {
                    var b = input[i];
                    if (b >= 0x40 && b < 0x60)
                    {
                        if (acked < sent && b - 0x40 == (acked & 31))
                        {
                            inFlight -= frames[acked].Length;
                            acked++;
                        }
                    }
                    else if (b >= 0x20 && b < 0x30)
                    {
                        // A rejection from before the last resend is about bytes already written off.
                        rejected |= b - 0x20 == (_epoch & 15);
                    }
                    else if (b == (byte)'~')
                    {
                        BoardFailed = true;
                    }
                }

                if (acked != before)
                {
                    acknowledged(acked);
                }

                if (BoardFailed)
                {
                    await AbortAsync(withPadding: false, cancellationToken).ConfigureAwait(false);
                    return acked;
                }

                if (rejected)
                {
                    await RecoverAsync(withPadding: false, cancellationToken).ConfigureAwait(false);
                    sent = acked;
                    inFlight = 0;
                }
            }

            return acked;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            try
            {
                await AbortAsync(withPadding: true, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is DeviceTimeoutException or DeviceConnectionException or OperationCanceledException)
            {
                // The board did not leave its receiver in time; the session resynchronises before its next command.
            }

            throw;
        }
    }

    // The receiver prints '>' once Ctrl-C is off. Until then a 0x03 in a frame would interrupt the board (and the
    // firmware acts on it the moment it arrives), so nothing is sent before it. False when the program ended first
    // (it raised; the session reports the error).
    private async Task<bool> WaitForReadyAsync(byte[] input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var count = await _channel.ReadAsync(input, 0, 1, _ackTimeout, cancellationToken).ConfigureAwait(false);
            if (count == 0)
            {
                return false;
            }

            if (input[0] == ReadyMark)
            {
                return true;
            }
        }
    }

    private async Task RecoverAsync(bool withPadding, CancellationToken cancellationToken)
    {
        if (++Recoveries > _maxRecoveries)
        {
            await AbortAsync(withPadding: true, cancellationToken).ConfigureAwait(false);
            throw new DeviceTimeoutException(_port, $"sending binary frames (no progress after {_maxRecoveries} resends)", _ackTimeout);
        }

        _epoch++;
        await WriteSyncAsync(withPadding, cancellationToken).ConfigureAwait(false);
    }

    // Makes the board leave its receiver and waits until the program has ended, bounded by the acknowledgement timeout.
    private async Task AbortAsync(bool withPadding, CancellationToken cancellationToken)
    {
        var limit = TimeSpan.FromTicks(_ackTimeout.Ticks * 4);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(limit);
        try
        {
            _epoch++;
            await WriteSyncAsync(withPadding, bound.Token).ConfigureAwait(false);
            var abort = BinaryFrame.Create(0, BinaryFrame.Abort, 0, ReadOnlySpan<byte>.Empty);
            await _channel.WriteAsync(abort, 0, abort.Length, bound.Token).ConfigureAwait(false);
            var input = new byte[256];
            for (var reads = 0; reads < 10000 && !_channel.HasEnded; reads++)
            {
                await _channel.ReadAsync(input, 0, input.Length, _ackTimeout, bound.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DeviceTimeoutException(_port, "waiting for the board to leave the binary receiver", limit);
        }
    }

    private async Task WriteSyncAsync(bool withPadding, CancellationToken cancellationToken)
    {
        var sync = BinaryFrame.SyncWithEpoch(_epoch);
        var bytes = new byte[(withPadding ? _framePayload + BinaryFrame.HeaderLength : 0) + sync.Length];
        sync.CopyTo(bytes, bytes.Length - sync.Length);
        await _channel.WriteAsync(bytes, 0, bytes.Length, cancellationToken).ConfigureAwait(false);
    }
}
