using MicroPythonRomfs.Device;
using MicroPythonRomfs.Tests.Device.Emulator;

namespace MicroPythonRomfs.Tests.Device.Rig;

/// <summary>The device-layer tests against upstream firmware behind a pseudo-terminal (one board for socat's life).</summary>
public sealed class PtyUpstreamSessionTests : EmulatorSessionTests
{
    protected override BoardKind Kind => BoardKind.Upstream;

    protected override Task<TestBoard> StartAsync(params string[] arguments) => TestBoard.StartPtyAsync(BoardKind.Upstream, arguments);

    [Fact]
    public async Task Link_IsThePosixSerialLink()
    {
        using var board = await StartAsync();
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, new DeviceConnectionOptions { BaudRate = 9600 }, Token());
        Assert.IsType<PosixSerialLink>(device.Session.Link);
        Assert.Equal(1L, await device.Session.EvalAsync("1", Token()));
    }
}
