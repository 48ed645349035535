using MicroPythonRomfs.Device;
using MicroPythonRomfs.Partitions.Transfer;

namespace MicroPythonRomfs.Tests.Partitions.Transfer;

public class BinaryFrameSenderTests
{
    private const int Payload = 16;
    private static readonly byte[][] Frames =
    {
        BinaryFrame.Create(0, BinaryFrame.EndOfChunk, 0, new byte[] { 1, 2, 3 }),
        BinaryFrame.Create(1, BinaryFrame.EndOfChunk, 4096, new byte[] { 4, 5 }),
        BinaryFrame.Create(2, BinaryFrame.EndOfTransfer, 0, ReadOnlySpan<byte>.Empty),
    };

    [Fact]
    public async Task ARejectionOfTheCurrentEpoch_SendsTheSyncAndEveryFrameFromTheFirstUnacknowledged()
    {
        var channel = new ScriptedChannel(new byte[] { 0x40, 0x20 }, new byte[] { 0x41, 0x42 });
        var sender = new BinaryFrameSender(channel, "test", Payload, 1024, TimeSpan.FromSeconds(1), 3);

        var acked = await sender.SendAsync(Frames, _ => { }, CancellationToken.None);

        Assert.Equal(3, acked);
        Assert.Equal(1, sender.Recoveries);
        Assert.Equal(Concat(Frames[0], Frames[1], Frames[2], BinaryFrame.SyncWithEpoch(1), Frames[1], Frames[2]), channel.Written);
    }

    [Fact]
    public async Task ARejectionFromAnEarlierEpoch_AndStaleAcknowledgements_AreIgnored()
    {
        var channel = new ScriptedChannel(new byte[] { 0x40, 0x2F, 0x40 }, new byte[] { 0x41, 0x42 });
        var sender = new BinaryFrameSender(channel, "test", Payload, 1024, TimeSpan.FromSeconds(1), 3);

        var acked = await sender.SendAsync(Frames, _ => { }, CancellationToken.None);

        Assert.Equal(3, acked);
        Assert.Equal(0, sender.Recoveries);
        Assert.Equal(Concat(Frames[0], Frames[1], Frames[2]), channel.Written);
    }

    [Fact]
    public async Task ASilence_SendsPaddingThatCompletesAnyFrame_ThenTheSyncAndTheFramesAgain()
    {
        var channel = new ScriptedChannel(null, new byte[] { 0x40, 0x41, 0x42 });
        var sender = new BinaryFrameSender(channel, "test", Payload, 1024, TimeSpan.FromSeconds(1), 3);

        await sender.SendAsync(Frames, _ => { }, CancellationToken.None);

        var padding = new byte[Payload + BinaryFrame.HeaderLength];
        Assert.Equal(Concat(Frames[0], Frames[1], Frames[2], padding, BinaryFrame.SyncWithEpoch(1), Frames[0], Frames[1], Frames[2]), channel.Written);
    }

    [Fact]
    public async Task AFailedWriteOnTheBoard_SendsTheSyncAndAnAbortFrame_AndStops()
    {
        var channel = new ScriptedChannel(new byte[] { 0x40, (byte)'~' });
        var sender = new BinaryFrameSender(channel, "test", Payload, 1024, TimeSpan.FromSeconds(1), 3);

        var acked = await sender.SendAsync(Frames, _ => { }, CancellationToken.None);

        Assert.Equal(1, acked);
        Assert.True(sender.BoardFailed);
        Assert.Equal(Concat(Frames[0], Frames[1], Frames[2], BinaryFrame.SyncWithEpoch(1), BinaryFrame.Create(0, BinaryFrame.Abort, 0, ReadOnlySpan<byte>.Empty)), channel.Written);
    }

    [Fact]
    public async Task TheWindow_HoldsBackFramesUntilEarlierOnesAreAcknowledged()
    {
        var channel = new ScriptedChannel(new byte[] { 0x40 }, new byte[] { 0x41 }, new byte[] { 0x42 });
        var window = Frames[0].Length;
        var sender = new BinaryFrameSender(channel, "test", Payload, window, TimeSpan.FromSeconds(1), 3);

        await sender.SendAsync(Frames, _ => { }, CancellationToken.None);

        Assert.Equal(new[] { Frames[0].Length, Frames[1].Length, Frames[2].Length }, channel.WritesBeforeEachRead.Skip(1).Take(3));
    }

    [Fact]
    public async Task NoProgressAfterTheAllowedResends_EndsInATimeout_AfterAnAbort()
    {
        var channel = new ScriptedChannel(null, null, null);
        var sender = new BinaryFrameSender(channel, "test", Payload, 1024, TimeSpan.FromMilliseconds(50), 1);

        await Assert.ThrowsAsync<DeviceTimeoutException>(() => sender.SendAsync(Frames, _ => { }, CancellationToken.None));

        Assert.EndsWith(Convert.ToHexString(BinaryFrame.Create(0, BinaryFrame.Abort, 0, ReadOnlySpan<byte>.Empty)), Convert.ToHexString(channel.Written), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NothingIsSent_UntilTheReceiverSaysCtrlCIsOff()
    {
        var channel = new ScriptedChannel(false, new byte[]?[] { null });
        var sender = new BinaryFrameSender(channel, "test", Payload, 1024, TimeSpan.FromMilliseconds(50), 3);

        await Assert.ThrowsAsync<DeviceTimeoutException>(() => sender.SendAsync(Frames, _ => { }, CancellationToken.None));

        Assert.Empty(channel.Written);
    }

    [Fact]
    public async Task AReceiverThatEndsBeforeItIsReady_GetsNoFrames()
    {
        var channel = new ScriptedChannel(ready: false);
        var sender = new BinaryFrameSender(channel, "test", Payload, 1024, TimeSpan.FromSeconds(1), 3);

        Assert.Equal(0, await sender.SendAsync(Frames, _ => { }, CancellationToken.None));
        Assert.Empty(channel.Written);
    }

    [Fact]
    public async Task TheFirstFrames_FollowTheReadyMark()
    {
        var channel = new ScriptedChannel(new byte[] { 0x40, 0x41, 0x42 });
        var sender = new BinaryFrameSender(channel, "test", Payload, 1024, TimeSpan.FromSeconds(1), 3);

        await sender.SendAsync(Frames, _ => { }, CancellationToken.None);

        Assert.Equal(0, channel.WritesBeforeEachRead[0]);
        Assert.Equal(Concat(Frames[0], Frames[1], Frames[2]).Length, channel.WritesBeforeEachRead[1]);
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>Answers reads from a script: bytes, or null for a silence (a timeout); then the program has ended.</summary>
    private sealed class ScriptedChannel : IProgramChannel
    {
        private readonly Queue<byte[]?> _answers;
        private readonly List<byte> _written = new();
        private int _writtenAtLastRead;

        /// <param name="answers">What the board prints after its ready mark.</param>
        public ScriptedChannel(params byte[]?[] answers)
            : this(ready: true, answers)
        {
        }

        public ScriptedChannel(bool ready, params byte[]?[] answers) =>
            _answers = new Queue<byte[]?>(ready ? answers.Prepend(new[] { (byte)'>' }) : answers);

        public bool HasEnded { get; private set; }

        public byte[] Written => _written.ToArray();

        public List<int> WritesBeforeEachRead { get; } = new();

        public Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            _written.AddRange(buffer.Skip(offset).Take(count));
            return Task.CompletedTask;
        }

        public Task<int> ReadAsync(byte[] buffer, int offset, int count, TimeSpan timeout, CancellationToken cancellationToken)
        {
            WritesBeforeEachRead.Add(_written.Count - _writtenAtLastRead);
            _writtenAtLastRead = _written.Count;
            if (_answers.Count == 0)
            {
                HasEnded = true;
                return Task.FromResult(0);
            }

            var answer = _answers.Dequeue() ?? throw new DeviceTimeoutException("test", "waiting", timeout);
            answer.CopyTo(buffer, offset);
            return Task.FromResult(answer.Length);
        }
    }
}
