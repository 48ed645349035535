using System.Text;
using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.Tests.Device;

/// <summary>The real System.IO.Ports SerialPort (the package mpromfs links) over a pseudo-terminal whose master
/// side the test plays.</summary>
public class SerialPortLinkTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Link_CarriesBytesBothWays_AndACancelledReadLosesNothing()
    {
        using var pty = new PseudoTerminal();
        using var link = SerialPortLink.Open(pty.SlavePath, 115200);
        Assert.Equal(pty.SlavePath, link.Description);
        Assert.True(link.IsOpen);

        var everyByte = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        await link.WriteAsync(everyByte, 0, everyByte.Length, CancellationToken.None);
        Assert.Equal(everyByte, pty.Read(everyByte.Length, Wait));

        using (var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => link.ReadAsync(new byte[8], 0, 8, cts.Token));
        }

        pty.Write(Encoding.ASCII.GetBytes("raw REPL; CTRL-B to exit\r\n>"));
        Assert.Equal("raw REPL; CTRL-B to exit\r\n>", Encoding.ASCII.GetString(await ReadExactly(link, 27)));
        pty.Write(everyByte);
        Assert.Equal(everyByte, await ReadExactly(link, everyByte.Length));
    }

    [Fact]
    public async Task DeviceLinkFactory_OpensATtyAsASerialPortLink()
    {
        using var pty = new PseudoTerminal();
        using var link = await DeviceLinkFactory.OpenAsync(pty.SlavePath, new DeviceLinkOptions { BaudRate = 9600 }, CancellationToken.None);
        Assert.IsType<SerialPortLink>(link);
        Assert.True(SerialPortLink.IsAvailable);
    }

    [Fact]
    public void Open_SaysThePortDoesNotExist_AndListsThePortsThereAre()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-tty-" + Guid.NewGuid().ToString("N"));
        var error = Assert.Throws<DeviceConnectionException>(() => SerialPortLink.Open(missing, 115200));
        Assert.Equal(missing, error.Port);
        Assert.StartsWith($"{missing} does not exist (", error.Message);
        Assert.DoesNotContain("in use", error.Message);
        Assert.DoesNotContain("denied", error.Message);
        var ports = new SerialPortCatalog().GetPorts();
        if (ports.Count == 0)
        {
            Assert.Contains("this machine has no serial ports", error.Message);
        }
        else
        {
            Assert.Contains("the serial ports here are " + string.Join(", ", ports.Select(p => p.Port)), error.Message);
        }
    }

    [Fact]
    public void Open_NamesTheFile_WhenItIsNotASerialPort()
    {
        var file = Path.GetTempFileName();
        try
        {
            var error = Assert.Throws<DeviceConnectionException>(() => SerialPortLink.Open(file, 115200));
            Assert.StartsWith(file + " ", error.Message);
            Assert.DoesNotContain("does not exist", error.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Read_ReportsADisconnect_AsAConnectionErrorNamingThePort()
    {
        var pty = new PseudoTerminal();
        using var link = SerialPortLink.Open(pty.SlavePath, 115200);
        pty.Dispose();
        using var cts = new CancellationTokenSource(Wait);
        var error = await Assert.ThrowsAsync<DeviceConnectionException>(() => link.ReadAsync(new byte[16], 0, 16, cts.Token));
        Assert.Contains(pty.SlavePath, error.Message);
        Assert.False(link.IsOpen);
    }

    [Fact]
    public void Open_RefusesAPortAnotherLinkHolds_EvenForRoot()
    {
        // SerialPort's own TIOCEXCL does not stop root; the port lock does, whoever runs the tests.
        using var pty = new PseudoTerminal();
        using var first = SerialPortLink.Open(pty.SlavePath, 115200);
        var error = Assert.Throws<DeviceConnectionException>(() => SerialPortLink.Open(pty.SlavePath, 115200));
        Assert.StartsWith($"{pty.SlavePath} is in use by another program", error.Message);
        Assert.True(first.IsOpen);
    }

    [Fact]
    public async Task Dispose_ClosesTheLink_SoTheSameTtyOpensAgain()
    {
        using var pty = new PseudoTerminal();
        var first = SerialPortLink.Open(pty.SlavePath, 115200);
        first.Dispose();
        Assert.False(first.IsOpen);
        await Assert.ThrowsAsync<DeviceConnectionException>(() => first.WriteAsync(new byte[1], 0, 1, CancellationToken.None));

        using var again = SerialPortLink.Open(pty.SlavePath, 115200);
        await again.WriteAsync(new byte[] { 42 }, 0, 1, CancellationToken.None);
        Assert.Equal(new byte[] { 42 }, pty.Read(1, Wait));
    }

    internal static async Task<byte[]> ReadExactly(IDeviceLink link, int count)
    {
        using var cts = new CancellationTokenSource(Wait);
        var buffer = new byte[count];
        var got = 0;
        while (got < count)
        {
            got += await link.ReadAsync(buffer, got, count - got, cts.Token);
        }

        return buffer;
    }
}
