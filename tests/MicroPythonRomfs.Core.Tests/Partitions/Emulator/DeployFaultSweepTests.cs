using System.Text;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Partitions;
using MicroPythonRomfs.Reporting;
using MicroPythonRomfs.Romfs;
using MicroPythonRomfs.Tests.Device.Emulator;

namespace MicroPythonRomfs.Tests.Partitions.Emulator;

/// <summary>
/// One corrupted or lost byte in a statement that changes flash: the deploy either succeeds with exactly the image on
/// the board, or fails with an error. Never success over wrong flash (an erase of 4096 bytes turned into 5096 once
/// erased a neighbouring block and was reported verified).
/// </summary>
public class DeployFaultSweepTests
{
    private const int PartitionSize = 262144;
    private const int PositionsPerScenario = 10;
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DeviceConnectionOptions Options = new() { Timeout = TimeSpan.FromSeconds(3) };

    public enum Scenario
    {
        /// <summary>A small image onto a blank partition: the compact deploy's one checked statement.</summary>
        CompactFull,

        /// <summary>A 40 KB image over an earlier version that differs in two blocks: erases (Q) and text writes (W).</summary>
        LibraryIncremental,

        /// <summary>A 40 KB image rewritten in full: erases, then the binary receiver's frames and commits.</summary>
        BinaryFull,
    }

    [Theory]
    [InlineData(Scenario.CompactFull, "--corrupt-byte")]
    [InlineData(Scenario.CompactFull, "--lose-byte")]
    [InlineData(Scenario.LibraryIncremental, "--corrupt-byte")]
    [InlineData(Scenario.LibraryIncremental, "--lose-byte")]
    [InlineData(Scenario.BinaryFull, "--corrupt-byte")]
    [InlineData(Scenario.BinaryFull, "--lose-byte")]
    public async Task Deploy_SucceedsWithTheExactImage_OrFails_WhenAFlashChangingStatementLosesOrFlipsAByte(Scenario scenario, string fault)
    {
        var (previous, image, options) = await CaseAsync(scenario);
        var positions = await FlashChangingPositionsAsync(scenario, previous, image, options);
        Assert.NotEmpty(positions);

        var outcomes = new List<string>();
        foreach (var position in positions)
        {
            var state = PrepareState(previous);
            using var board = await BoardEmulator.StartTcpAsync("--partition", PartitionSize.ToString(System.Globalization.CultureInfo.InvariantCulture), "--state", state, "--fault-connection", "1", fault, position.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Exception? failure = null;
            try
            {
                using var device = await MicroPythonDevice.ConnectAsync(board.Port, Options, None);
                var result = await new PartitionWriter(device.Session).DeployAsync(image, 0, options, None);
                Assert.NotNull(result);
                Assert.True(result!.Verified);
            }
            catch (Exception e) when (e is RomPartitionException or DeviceTimeoutException or DeviceConnectionException)
            {
                failure = e;
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
            }

            outcomes.Add($"{position}: {(failure == null ? "ok" : failure.GetType().Name)}");
            if (failure == null)
            {
                // Read back over a second, clean connection (only the first one has the fault).
                using var check = await MicroPythonDevice.ConnectAsync(board.Port, Options, None);
                var reader = new PartitionReader(check.Session);
                var geometry = await reader.DescribeAsync(0, None);
                var padded = (image.Length + 4095) / 4096 * 4096;
                var onBoard = await reader.ReadAsync(geometry, 0, padded, NullOperationReporter.Instance, None);
                Assert.True(onBoard.Take(image.Length).SequenceEqual(image), $"{fault} {position} reported success but the partition does not hold the image ({string.Join(", ", outcomes)})");
                Assert.True(onBoard.Skip(image.Length).All(b => b == 0), $"{fault} {position} reported success but the padding is not zero");
            }

            TryDelete(state);
        }
    }

    private static async Task<(byte[]? Previous, byte[] Image, DeployOptions Options)> CaseAsync(Scenario scenario)
    {
        switch (scenario)
        {
            case Scenario.CompactFull:
                return (null, File.ReadAllBytes(TestPaths.VectorImage("basic.mpy.romfs")), new DeployOptions());
            case Scenario.LibraryIncremental:
                var data = Random(40_000, 7);
                var previous = await BuildAsync(("data.bin", data));
                data[5000] ^= 0xFF;
                data[30000] ^= 0xFF;
                return (previous, await BuildAsync(("data.bin", data)), new DeployOptions());
            default:
                return (null, await BuildAsync(("data.bin", Random(40_000, 8))), new DeployOptions { Full = true });
        }
    }

    // A clean deploy through a link that records what the host sends; the positions are spread evenly over the
    // bytes of the statements that change flash (and, for the binary transfer, the frames that follow its start).
    private static async Task<IReadOnlyList<int>> FlashChangingPositionsAsync(Scenario scenario, byte[]? previous, byte[] image, DeployOptions options)
    {
        var state = PrepareState(previous);
        using var board = await BoardEmulator.StartTcpAsync("--partition", PartitionSize.ToString(System.Globalization.CultureInfo.InvariantCulture), "--state", state);
        var link = new RecordingLink(await DeviceLinkFactory.OpenAsync(board.Port, new DeviceLinkOptions { ConnectTimeout = Options.Timeout }, None));
        using (var session = new RawReplSession(link, new RawReplOptions { ResponseTimeout = Options.Timeout }))
        {
            await session.EnterAsync(true, None);
            var device = new MicroPythonDevice(session, await DeviceInfo.ReadAsync(session, None));
            var result = await new PartitionWriter(device.Session).DeployAsync(image, 0, options, None);
            Assert.Equal(scenario == Scenario.LibraryIncremental ? 3 : image.Length > 16384 ? 10 : 1, result!.BlocksWritten);
        }

        TryDelete(state);
        var sent = link.Sent.ToArray();
        var ranges = new List<(int Start, int End)>();
        var marker = Encoding.ASCII.GetBytes("\u0005A\u0001");
        for (var at = IndexOf(sent, marker, 0); at >= 0; at = IndexOf(sent, marker, at + 1))
        {
            var next = IndexOf(sent, marker, at + 1);
            var end = next < 0 ? sent.Length : next;
            var text = Encoding.ASCII.GetString(sent, at + 3, Math.Min(16, end - at - 3));
            var changesFlash = scenario switch
            {
                Scenario.CompactFull => text.StartsWith("import vfs,binas", StringComparison.Ordinal),
                Scenario.LibraryIncremental => text.StartsWith("Q(", StringComparison.Ordinal) || text.StartsWith("W(", StringComparison.Ordinal),
                _ => text.StartsWith("Q(", StringComparison.Ordinal) || text.StartsWith("_v(", StringComparison.Ordinal),
            };
            if (changesFlash)
            {
                ranges.Add((at + 3, end));
            }
        }

        // Every statement gets hit, short erases as much as long writes: two positions in each (its first and second
        // thirds), then more spread over all of them up to the scenario's share.
        var positions = new SortedSet<int>();
        foreach (var (start, end) in ranges)
        {
            positions.Add(start + ((end - start) / 3));
            positions.Add(start + (2 * (end - start) / 3));
        }

        var total = ranges.Sum(r => r.End - r.Start);
        for (var i = 0; positions.Count < PositionsPerScenario && i < PositionsPerScenario && total > 0; i++)
        {
            var index = (int)((long)total * (2 * i + 1) / (2 * PositionsPerScenario));
            foreach (var (start, end) in ranges)
            {
                if (index < end - start)
                {
                    positions.Add(start + index);
                    break;
                }

                index -= end - start;
            }
        }

        return positions.ToList();
    }

    private static string PrepareState(byte[]? previous)
    {
        var state = Path.Combine(Path.GetTempPath(), "mpromfs-sweep-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(state);
        if (previous != null)
        {
            var partition = Enumerable.Repeat((byte)0xFF, PartitionSize).ToArray();
            Array.Copy(previous, partition, previous.Length);
            Array.Clear(partition, previous.Length, ((previous.Length + 4095) / 4096 * 4096) - previous.Length);
            File.WriteAllBytes(Path.Combine(state, "partition0.bin"), partition);
        }

        return state;
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int IndexOf(byte[] data, byte[] pattern, int from)
    {
        for (var i = from; i <= data.Length - pattern.Length; i++)
        {
            if (data.AsSpan(i, pattern.Length).SequenceEqual(pattern))
            {
                return i;
            }
        }

        return -1;
    }

    private static byte[] Random(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static Task<byte[]> BuildAsync(params (string Path, byte[] Data)[] files) =>
        RomfsBuilder.BuildAsync(files.Select(f => RomfsSourceItem.ForBytes(f.Path, f.Data)).ToList(), new RomfsBuildOptions { CompileMpy = false }, None);

    private sealed class RecordingLink : IDeviceLink
    {
        private readonly IDeviceLink _inner;

        public RecordingLink(IDeviceLink inner) => _inner = inner;

        public MemoryStream Sent { get; } = new();

        public string Description => _inner.Description;

        public bool IsOpen => _inner.IsOpen;

        public Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.ReadAsync(buffer, offset, count, cancellationToken);

        public Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            lock (Sent)
            {
                Sent.Write(buffer, offset, count);
            }

            return _inner.WriteAsync(buffer, offset, count, cancellationToken);
        }

        public void Dispose() => _inner.Dispose();
    }
}
