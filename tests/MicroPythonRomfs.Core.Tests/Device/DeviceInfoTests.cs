using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.Tests.Device;

public class DeviceInfoTests
{
    internal const string UnixProbeAnswer =
        "('micropython', (1, 29, 0, 'preview'), 2822, 'linux', 2, None, '3.4.0; MicroPython v1.29.0-preview.731.g1c3c201149 on 2026-08-18', 'linux [GCC 12.2.0] with x86_64')\r\n";

    /// <summary>What the probe prints on the upstream unix board: sys.implementation, platform, partitions, id, sys.version.</summary>
    internal const string UnixProbeLines =
        "(name='micropython', version=(1, 29, 0, 'preview'), _machine='linux [GCC 12.2.0] with x86_64', _mpy=2822, _build='romfs')\r\nlinux\r\n2\r\nNone\r\n3.4.0; MicroPython v1.29.0-preview.731.g1c3c201149 on 2026-08-18\r\n";

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
        using var good = new FakeBoardLink(c => (UnixProbeLines, string.Empty));
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

    [Fact]
    public void ProbeLines_ReadTheKeywordTuple_AndAUniqueIdGivenAsBytes()
    {
        var info = DeviceInfo.FromProbe("a0", DeviceInfo.ProbeLines("(name='micropython', version=(1, 27, 0, ''), _machine='Pico, with a=b', _mpy=4870)\r\nrp2\r\n1\r\nb'\\xe6aL1'\r\n3.4.0; MicroPython v1.27.0 on 2025-12-10\r\n"));
        Assert.Equal("1.27.0", info.FirmwareVersion);
        Assert.Equal("Pico, with a=b", info.Machine);
        Assert.Equal("rp2", info.Platform);
        Assert.Equal(1, info.RomfsPartitionCount);
        Assert.Equal("e6614c31", info.UniqueId);
        Assert.Equal(4870, info.MpyValue);
    }

    [Fact]
    public async Task ReadAsync_GivesOneLineError_WhenTheProbeRunsOutOfMemory()
    {
        using var link = new FakeBoardLink(c => (string.Empty, "Traceback (most recent call last):\r\n  File \"<stdin>\", line 1, in <module>\r\nMemoryError: memory allocation failed, allocating 136 bytes\r\n"));
        using var session = new RawReplSession(link, ownsLink: false);
        await session.EnterAsync(false, CancellationToken.None);
        var error = await Assert.ThrowsAsync<DeviceConnectionException>(() => DeviceInfo.ReadAsync(session, CancellationToken.None));
        Assert.Contains("MemoryError", error.Message);
        Assert.DoesNotContain("\n", error.Message);
    }
}
