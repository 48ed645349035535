using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.Tests.Device;

public class DeviceLinkFactoryTests
{
    [Fact]
    public async Task OpenAsync_FallsBackToThePosixLink_WhenTheHostHasNoSerialPort()
    {
        // The test host is plain .NET without the System.IO.Ports package, like pwsh-less Linux and macOS.
        Assert.False(HostSerialPortLink.IsAvailable);
        Assert.Empty(HostSerialPortLink.GetPortNames());
        using var pty = new PseudoTerminal();
        using var link = await DeviceLinkFactory.OpenAsync(pty.SlavePath, new DeviceLinkOptions { BaudRate = 9600 }, CancellationToken.None);
        Assert.IsType<PosixSerialLink>(link);
    }

    [Fact]
    public async Task OpenAsync_ExplainsThatTheHostSerialPortIsMissing_WhenItIsForced()
    {
        await Assert.ThrowsAsync<PlatformNotSupportedException>(() =>
            DeviceLinkFactory.OpenAsync("COM3", new DeviceLinkOptions { SerialBackend = SerialBackend.HostSerialPort }, CancellationToken.None));
    }
}
