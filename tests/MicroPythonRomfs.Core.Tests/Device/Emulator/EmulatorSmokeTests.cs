using System.Text;
using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.Tests.Device.Emulator;

public class EmulatorSmokeTests
{
    [Fact]
    public async Task Connect_ReadsTheFacts_OverTcp()
    {
        using var board = await BoardEmulator.StartTcpAsync();
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, CancellationToken.None);
        Assert.Equal("micropython", device.Info.ImplementationName);
        Assert.Equal(2, device.RomfsPartitionCount);
        Assert.Equal("3\r\n", Encoding.UTF8.GetString(await device.Session.ExecAsync("print(1+2)", CancellationToken.None)));
        Console.WriteLine(device.Info);
    }

    [Fact]
    public async Task Connect_ReadsTheFacts_OverAPty()
    {
        using var board = await BoardEmulator.StartPtyAsync();
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, CancellationToken.None);
        Assert.IsType<PosixSerialLink>(device.Session.Link);
        Assert.Equal(6L, await device.Session.EvalAsync("2*3", CancellationToken.None));
    }
}
