using MicroPythonRomfs.Device;
using MicroPythonRomfs.Tests.Device.Emulator;

namespace MicroPythonRomfs.Tests.Device.Rig;

/// <summary>The device-layer tests against upstream firmware served over TCP (a fresh board per connection).</summary>
public sealed class TcpUpstreamSessionTests : EmulatorSessionTests
{
    protected override BoardKind Kind => BoardKind.Upstream;

    protected override Task<TestBoard> StartAsync(params string[] arguments) => TestBoard.StartTcpAsync(BoardKind.Upstream, arguments);

    [Fact]
    public async Task Link_IsATcpLinkWithASocketDescription()
    {
        using var board = await StartAsync();
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, Token());
        Assert.IsType<TcpDeviceLink>(device.Session.Link);
        Assert.StartsWith("socket://127.0.0.1:", device.Port);
    }
}
