using System.Net.WebSockets;
using System.Text;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Partitions;

namespace MicroPythonRomfs.Tests.Device.Rig;

/// <summary>The upstream-board fixture itself: both transports, the rig's settings, its flash files and mpremote.</summary>
public class UpstreamBoardTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task StartPty_GivesAPortThatTheProductAndMpremoteBothReach()
    {
        using var board = await UpstreamBoard.StartPtyAsync(new UpstreamBoardOptions { Rom0Size = 131072, BlockSize = 8192 });

        using (var device = await MicroPythonDevice.ConnectAsync(board.Port, null, None))
        {
            var output = Encoding.UTF8.GetString(await device.Session.ExecAsync("import sys\nprint(sys.implementation.name, sys.platform)", None));
            Assert.Equal("micropython linux\r\n", output);
            var geometry = await new PartitionReader(device.Session).DescribeAsync(0, None);
            Assert.Equal(131072, geometry.Size);
            Assert.Equal(8192, geometry.BlockSize);
        }

        var query = (await board.MpremoteAsync("romfs", "query")).EnsureSuccess("mpremote romfs query");
        Assert.Contains("ROMFS0 partition has size 131072 bytes (16 blocks of 8192 bytes each)", query.StandardOutput);
        Assert.Equal(131072, board.ReadFlash(0).Length);
        Assert.All(board.ReadFlash(0), b => Assert.Equal(0xFF, b));
    }

    [Fact]
    public async Task StartTcp_PowersOnAFreshBoardPerConnection_OnTheSameFlash()
    {
        using var board = await UpstreamBoard.StartTcpAsync();
        Assert.StartsWith("socket://127.0.0.1:", board.Port);

        using (var device = await MicroPythonDevice.ConnectAsync(board.Port, null, None))
        {
            await device.Session.ExecAsync("import vfs\nvfs.rom_ioctl(3,1,4096)\nvfs.rom_ioctl(4,1,0,b'rig!')\nrig_marker=1", None);
        }

        Assert.Equal("rig!"u8.ToArray(), board.ReadFlash(1).Take(4));
        using (var device = await MicroPythonDevice.ConnectAsync(board.Port, null, None))
        {
            var output = Encoding.UTF8.GetString(await device.Session.ExecAsync("print('rig_marker' in globals())", None));
            Assert.Equal("False\r\n", output);
        }

        var read = (await board.MpremoteAsync("exec", "import vfs;print(bytes(memoryview(vfs.rom_ioctl(2,1))[:4]))")).EnsureSuccess("mpremote exec");
        Assert.Equal("b'rig!'", read.StandardOutput.Trim());
    }

    [Fact]
    public async Task Options_ReachTheBoard_Stm32AndHeap()
    {
        using var board = await UpstreamBoard.StartTcpAsync(new UpstreamBoardOptions { Stm32 = true, HeapKb = 32 });
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, None);

        var output = Encoding.UTF8.GetString(await device.Session.ExecAsync("import vfs\nprint(vfs.rom_ioctl(3,0,4096))\ntry:\n bytearray(64*1024)\nexcept MemoryError:\n print('MemoryError')", None));

        Assert.Equal("16\r\nMemoryError\r\n", output);
    }

    [Fact]
    public async Task WebRepl_ListensOnItsPort_BehindThePty()
    {
        using var board = await UpstreamBoard.StartPtyAsync(new UpstreamBoardOptions { WebRepl = true, WebReplPassword = "pw" });
        Assert.NotNull(board.WebReplPort);
        Assert.StartsWith("ws://127.0.0.1:", board.WebReplUrl);

        using (var device = await MicroPythonDevice.ConnectAsync(board.Port, null, None))
        {
            Assert.Equal("2\r\n", Encoding.UTF8.GetString(await device.Session.ExecAsync("print(1+1)", None)));
        }

        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await socket.ConnectAsync(new Uri(board.WebReplUrl!), timeout.Token);
        Assert.Contains("Password:", await ReceiveTextAsync(socket, "Password:", timeout.Token));
        await socket.SendAsync("pw\r"u8.ToArray(), WebSocketMessageType.Text, true, timeout.Token);
        Assert.Contains("WebREPL connected", await ReceiveTextAsync(socket, ">>> ", timeout.Token));
    }

    private static async Task<string> ReceiveTextAsync(ClientWebSocket socket, string until, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        while (!text.ToString().Contains(until, StringComparison.Ordinal))
        {
            var received = await socket.ReceiveAsync(buffer, cancellationToken);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException("WebREPL closed the connection after: " + text);
            }

            text.Append(Encoding.UTF8.GetString(buffer, 0, received.Count));
        }

        return text.ToString();
    }
}
