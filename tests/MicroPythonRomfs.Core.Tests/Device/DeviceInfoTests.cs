using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.Tests.Device;

public class DeviceInfoTests
{
    internal const string UnixProbeAnswer =
        "('micropython', (1, 29, 0, 'preview'), 2822, 'linux', 2, None, '3.4.0; MicroPython v1.29.0-preview.731.g1c3c201149 on 2026-08-18', 'linux [GCC 12.2.0] with x86_64')\r\n";

    [Fact]
    public void Mpy_DecodesTheVectorsDevice_As63OnX64()
    {
        var info = new DeviceInfo { MpyValue = 2822 };
        Assert.Equal(6, info.MpyBytecodeVersion);
        Assert.Equal(3, info.MpySubVersion);
        Assert.Equal("6.3", info.MpyVersion);
        Assert.Equal("x64", info.MpyArchitecture);
    }

    [Theory]
    [InlineData(0x0306, "none")]
    [InlineData(0x1306, "armv6m")]
    [InlineData(0x2B06, "xtensawin")]
    [InlineData(0xFF06, "arch63")]
    public void Mpy_NamesTheArchitecture_AsMpyCrossSpellsIt(int mpy, string arch)
    {
        Assert.Equal(arch, new DeviceInfo { MpyValue = mpy }.MpyArchitecture);
    }

    [Fact]
    public void FromProbe_ReadsEveryFact()
    {
        var info = DeviceInfo.FromProbe("COM3", PythonLiteral.Parse(UnixProbeAnswer));
        Assert.Equal("COM3", info.Port);
        Assert.Equal("micropython", info.ImplementationName);
        Assert.Equal("1.29.0-preview.731.g1c3c201149", info.FirmwareVersion);
        Assert.Equal("linux", info.Platform);
        Assert.True(info.HasRomIoctl);
        Assert.Equal(2, info.RomfsPartitionCount);
        Assert.Null(info.UniqueId);
        Assert.Equal("linux [GCC 12.2.0] with x86_64", info.Machine);
    }

    [Fact]
    public void FromProbe_HandlesOldFirmwareWithoutRomfsOrMpy()
    {
        var info = DeviceInfo.FromProbe("a0", PythonLiteral.Parse("('micropython', (1, 19, 1), None, 'rp2', None, 'e6614c311b5d8a2f', '3.4.0', None)"));
        Assert.Equal("1.19.1", info.FirmwareVersion);
        Assert.Null(info.MpyVersion);
        Assert.Null(info.MpyArchitecture);
        Assert.False(info.HasRomIoctl);
        Assert.Equal(0, info.RomfsPartitionCount);
        Assert.Equal("e6614c311b5d8a2f", info.UniqueId);
    }

    [Fact]
    public async Task ReadAsync_SendsOneGuardedProbe_AndNamesThePortOnANonsenseAnswer()
    {
        using var good = new FakeBoardLink(c => (UnixProbeAnswer, string.Empty));
        using var session = new RawReplSession(good, ownsLink: false);
        await session.EnterAsync(false, CancellationToken.None);
        var info = await DeviceInfo.ReadAsync(session, CancellationToken.None);
        Assert.Equal("x64", info.MpyArchitecture);
        Assert.Single(good.Executed);

        using var bad = new FakeBoardLink(c => ("<object>\r\n", string.Empty));
        using var badSession = new RawReplSession(bad, ownsLink: false);
        await badSession.EnterAsync(false, CancellationToken.None);
        var error = await Assert.ThrowsAsync<DeviceConnectionException>(() => DeviceInfo.ReadAsync(badSession, CancellationToken.None));
        Assert.Contains("fake0 answered the device probe", error.Message);
    }
}
