using System.Collections.Concurrent;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Fleet;
using MicroPythonRomfs.Tests.Device.Emulator;

namespace MicroPythonRomfs.Tests.Fleet.Emulator;

public class FleetInvocationTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Exec_OnThreeBoards_TagsEveryLineWithItsBoard_AndABoardsTracebackStaysWithIt()
    {
        using var boards = await FleetBoards.StartAsync(Array.Empty<string>(), Array.Empty<string>(), Array.Empty<string>());
        await boards.Devices[1].Session.ExecAsync("import machine\nmachine.fail = True", None);
        var lines = new ConcurrentQueue<BoardOutputLine>();

        var outcomes = await FleetInvocation.ExecAsync(
            boards.Devices,
            "import machine\nprint('first')\nif getattr(machine, 'fail', False):\n    raise OSError(5)\nprint(machine.unique_id().hex())",
            TimeSpan.FromSeconds(10),
            lines.Enqueue,
            null,
            None);

        Assert.Equal(new[] { true, false, true }, outcomes.Select(o => o.Succeeded));
        Assert.Equal("OSError", Assert.IsType<MicroPythonException>(outcomes[1].Exception).ExceptionName);
        Assert.Equal("MicroPythonError", outcomes[1].ErrorId);
        foreach (var device in boards.Devices)
        {
            var own = lines.Where(l => l.Port == device.Port).ToList();
            Assert.All(own, l => Assert.Equal(device.UniqueId, l.UniqueId));
            Assert.Equal(device == boards.Devices[1] ? new[] { "first" } : new[] { "first", device.UniqueId! }, own.Select(l => l.Line));
        }

        Assert.Equal($"{boards.Devices[0].Port}: first", lines.First(l => l.Port == boards.Devices[0].Port).ToString());
    }

    [Fact]
    public async Task Eval_OnTwoBoards_ReturnsEachBoardsValue()
    {
        using var boards = await FleetBoards.StartAsync(Array.Empty<string>(), Array.Empty<string>());

        var outcomes = await FleetInvocation.EvalAsync(boards.Devices, "__import__('machine').unique_id().hex()", TimeSpan.FromSeconds(10), null, None);

        Assert.Equal(boards.Devices.Select(d => (object?)d.UniqueId), outcomes.Select(o => o.Value));
    }

    [Fact]
    public async Task Connect_ToThreeBoardsAndAMissingPort_ConnectsTheBoards_AndTheMissingPortFailsAlone()
    {
        using var first = await BoardEmulator.StartTcpAsync();
        using var second = await BoardEmulator.StartPtyAsync();
        using var third = await BoardEmulator.StartTcpAsync();
        var missing = Path.Combine(Path.GetTempPath(), "mpromfs-no-such-port-" + Guid.NewGuid().ToString("N"));
        var ports = new[] { first.Port, missing, second.Port, third.Port };

        var outcomes = await FleetConnection.ConnectAsync(ports, new DeviceConnectionOptions { Timeout = TimeSpan.FromSeconds(20) }, null, None);
        try
        {
            Assert.Equal(new[] { true, false, true, true }, outcomes.Select(o => o.Succeeded));
            Assert.Equal(ports, outcomes.Select(o => o.Port));
            Assert.Equal("DeviceConnectionFailed", outcomes[1].ErrorId);
            Assert.Contains(missing, outcomes[1].Error);
            Assert.Equal(3, outcomes.Where(o => o.Succeeded).Select(o => o.UniqueId).Distinct().Count());
            Assert.All(outcomes.Where(o => o.Succeeded), o => Assert.True(o.Device!.IsConnected));
        }
        finally
        {
            foreach (var outcome in outcomes)
            {
                outcome.Device?.Dispose();
            }
        }
    }
}
