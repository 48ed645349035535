using MicroPythonRomfs.Device;
using MicroPythonRomfs.Partitions;
using MicroPythonRomfs.Reporting;
using MicroPythonRomfs.Romfs;
using MicroPythonRomfs.Tests.Device.Emulator;

namespace MicroPythonRomfs.Tests.Partitions.Emulator;

/// <summary>A link cut after every block is written, while the deploy reads them back.</summary>
public class VerificationCutTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Deploy_CutWhileVerifying_SaysEveryBlockWasWritten_NotThatThePartitionHoldsNoImage()
    {
        var writer = new RomfsWriter();
        var data = new byte[20_000];
        new Random(7).NextBytes(data);
        writer.AddFile("data.bin", data);
        var image = writer.ToArray();

        // The same deploy without verification tells how many bytes the host sends before verifying starts.
        long beforeVerify;
        using (var probe = await BoardEmulator.StartTcpAsync())
        using (var device = await MicroPythonDevice.ConnectAsync(probe.Port, null, None))
        {
            await new PartitionWriter(device.Session).DeployAsync(image, 0, new DeployOptions { Verify = false }, None);
            beforeVerify = device.Session.BytesSent;
        }

        using var board = await BoardEmulator.StartTcpAsync("--drop-after", (beforeVerify + 8).ToString(System.Globalization.CultureInfo.InvariantCulture));
        using (var first = await MicroPythonDevice.ConnectAsync(board.Port, null, None))
        {
            var error = await Assert.ThrowsAsync<RomPartitionException>(() => new PartitionWriter(first.Session).DeployAsync(image, 0, new DeployOptions { Verify = true }, None));

            Assert.Equal(PartitionState.Unverified, error.State);
            Assert.Contains("wrote every block", error.Message);
            Assert.Contains("verifying", error.Message);
            Assert.DoesNotContain("no valid image", error.Message);
        }

        using var second = await MicroPythonDevice.ConnectAsync(board.Port, null, None);
        Assert.Equal(image, await new PartitionReader(second.Session).ReadImageAsync(0, NullOperationReporter.Instance, None));
    }
}
