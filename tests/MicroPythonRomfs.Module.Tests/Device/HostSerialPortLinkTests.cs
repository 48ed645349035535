using System.Text;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Tests.Device;
using MicroPythonRomfs.Tests.Device.Emulator;

namespace MicroPythonRomfs.Module.Tests.Device;

/// <summary>
/// HostSerialPortLink's run-time binding, against the SerialPortStandIn assembly (named System.IO.Ports, like the one
/// PowerShell 7.4+ loads) driving a pseudo-terminal.
/// </summary>
public class HostSerialPortLinkTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Fact]
    public void Host_HasSerialPort_AndReportsItsPortNames()
    {
        Assert.True(HostSerialPortLink.IsAvailable);
        Assert.Equal(new[] { "COM7", "COM3" }, HostSerialPortLink.GetPortNames());
    }

    [Fact]
    public async Task Link_CarriesBytesBothWays_AndACancelledReadLosesNothing()
    {
        using var pty = new PseudoTerminal();
        using var link = HostSerialPortLink.Open(pty.SlavePath, 115200);
        Assert.Equal(pty.SlavePath, link.Description);

        await link.WriteAsync(new byte[] { 13, 3, 13, 1 }, 0, 4, CancellationToken.None);
        Assert.Equal(new byte[] { 13, 3, 13, 1 }, pty.Read(4, Wait));

        using (var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => link.ReadAsync(new byte[8], 0, 8, cts.Token));
        }

        pty.Write(Encoding.ASCII.GetBytes("OK>"));
        var buffer = new byte[3];
        var got = 0;
        using var wait = new CancellationTokenSource(Wait);
        while (got < 3)
        {
            got += await link.ReadAsync(buffer, got, 3 - got, wait.Token);
        }

        Assert.Equal("OK>", Encoding.ASCII.GetString(buffer));
    }

    [Fact]
    public void Open_NamesThePort_WhenItDoesNotExistOrIsInUse()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-com-" + Guid.NewGuid().ToString("N"));
        var notFound = Assert.Throws<DeviceConnectionException>(() => HostSerialPortLink.Open(missing, 115200));
        Assert.Contains($"{missing} does not exist", notFound.Message);

        using var pty = new PseudoTerminal();
        using var first = HostSerialPortLink.Open(pty.SlavePath, 115200);
        var busy = Assert.Throws<DeviceConnectionException>(() => HostSerialPortLink.Open(pty.SlavePath, 115200));
        Assert.Contains($"{pty.SlavePath} is in use by another program", busy.Message);
    }

    [Fact]
    public async Task Read_ReportsADisconnect_AsAConnectionError()
    {
        var pty = new PseudoTerminal();
        using var link = HostSerialPortLink.Open(pty.SlavePath, 115200);
        pty.Dispose();
        using var cts = new CancellationTokenSource(Wait);
        var error = await Assert.ThrowsAsync<DeviceConnectionException>(() => link.ReadAsync(new byte[8], 0, 8, cts.Token));
        Assert.Contains(pty.SlavePath, error.Message);
        Assert.False(link.IsOpen);
    }

    [Fact]
    public async Task Connect_UsesTheHostSerialPort_WhenTheHostHasOne()
    {
        using var board = await BoardEmulator.StartPtyAsync();
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        Assert.IsType<HostSerialPortLink>(device.Session.Link);
        Assert.Equal(new List<object?> { 1L, "two" }, await device.Session.EvalAsync("[1, 'two']", CancellationToken.None));
    }
}
