using System.Text;
using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.Tests.Device;

public class PosixSerialLinkTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Link_CarriesBytesBothWays_OverAPseudoTerminal()
    {
        using var pty = new PseudoTerminal();
        using var link = PosixSerialLink.Open(pty.SlavePath, 115200);
        Assert.Equal(pty.SlavePath, link.Description);

        var sent = new byte[] { 0x0d, 0x03, 0x0d, 0x01, 0x00, 0xff, (byte)'\n' };
        await link.WriteAsync(sent, 0, sent.Length, CancellationToken.None);
        Assert.Equal(sent, pty.Read(sent.Length, Wait));

        pty.Write(Encoding.ASCII.GetBytes("raw\r\n>"));
        var received = await ReadExactly(link, 6);
        Assert.Equal("raw\r\n>", Encoding.ASCII.GetString(received));
    }

    [Fact]
    public async Task Read_WhenCancelled_LosesNoByteThatArrivesLater()
    {
        using var pty = new PseudoTerminal();
        using var link = PosixSerialLink.Open(pty.SlavePath, 115200);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => link.ReadAsync(new byte[16], 0, 16, cts.Token));

        pty.Write(new byte[] { 1, 2, 3 });
        Assert.Equal(new byte[] { 1, 2, 3 }, await ReadExactly(link, 3));
    }

    [Fact]
    public void Open_NamesThePort_WhenItDoesNotExist()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-tty-" + Guid.NewGuid().ToString("N"));
        var error = Assert.Throws<DeviceConnectionException>(() => PosixSerialLink.Open(missing, 115200));
        Assert.Equal(missing, error.Port);
        Assert.Contains(missing + " does not exist", error.Message);
    }

    [Fact]
    public void Open_RefusesAPortAlreadyInUse()
    {
        using var pty = new PseudoTerminal();
        using var first = PosixSerialLink.Open(pty.SlavePath, 115200);
        var error = Assert.Throws<DeviceConnectionException>(() => PosixSerialLink.Open(pty.SlavePath, 115200));
        Assert.Contains("in use by another program", error.Message);
        Assert.Contains(pty.SlavePath, error.Message);
    }

    [Fact]
    public void Close_ReleasesThePort_EvenWhenAChildProcessStartedWhileItWasOpen()
    {
        using var pty = new PseudoTerminal();
        var link = PosixSerialLink.Open(pty.SlavePath, 115200);
        using var child = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        try
        {
            link.Dispose();

            // Had the child inherited the descriptor, it would still hold the exclusive lock.
            using var again = PosixSerialLink.Open(pty.SlavePath, 115200);
            Assert.True(again.IsOpen);
        }
        finally
        {
            child.Kill();
            child.WaitForExit(5000);
        }
    }

    [Fact]
    public void Open_RefusesAFileThatIsNotATerminal()
    {
        var file = Path.GetTempFileName();
        try
        {
            var error = Assert.Throws<DeviceConnectionException>(() => PosixSerialLink.Open(file, 115200));
            Assert.Contains("not a serial port", error.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Read_ReportsADisconnect_WhenTheOtherEndGoesAway()
    {
        var pty = new PseudoTerminal();
        using var link = PosixSerialLink.Open(pty.SlavePath, 115200);
        pty.Dispose();
        using var cts = new CancellationTokenSource(Wait);
        var error = await Assert.ThrowsAsync<DeviceConnectionException>(() => link.ReadAsync(new byte[16], 0, 16, cts.Token));
        Assert.Contains(pty.SlavePath, error.Message);
        Assert.False(link.IsOpen);
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
