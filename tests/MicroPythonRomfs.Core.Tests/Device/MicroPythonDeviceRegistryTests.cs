using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.Tests.Device;

public class MicroPythonDeviceRegistryTests
{
    [Fact]
    public void Resolve_UsesTheMostRecentConnectionStillOpen()
    {
        var registry = new MicroPythonDeviceRegistry();
        Assert.Null(registry.Current);
        var error = Assert.Throws<InvalidOperationException>(() => registry.Resolve(null));
        Assert.Contains("Connect-MicroPythonDevice", error.Message);

        using var first = NewDevice();
        using var second = NewDevice();
        registry.Add(first);
        registry.Add(second);
        Assert.Same(second, registry.Resolve(null));
        Assert.Same(first, registry.Resolve(first));

        second.Disconnect();
        Assert.Same(first, registry.Resolve(null));
        Assert.Equal(new[] { first }, registry.Devices);
        var gone = Assert.Throws<InvalidOperationException>(() => registry.Resolve(second));
        Assert.Contains("The device on fake0 is disconnected", gone.Message);

        first.Disconnect();
        Assert.Null(registry.Current);
    }

    [Fact]
    public void FindByPort_MatchesThePortHoweverItIsWritten()
    {
        var registry = new MicroPythonDeviceRegistry();
        using var device = NewDevice();
        registry.Add(device);

        Assert.Same(device, registry.FindByPort("fake0"));
        Assert.Same(device, registry.FindByPort(" port:fake0 "));
        Assert.Null(registry.FindByPort("a0"));
        device.Disconnect();
        Assert.Null(registry.FindByPort("fake0"));
    }

    [Fact]
    public void Add_MakesAReusedDeviceTheMostRecentAgain()
    {
        var registry = new MicroPythonDeviceRegistry();
        using var first = NewDevice();
        using var second = NewDevice();
        registry.Add(first);
        registry.Add(second);
        registry.Add(first);
        Assert.Same(first, registry.Current);
        Assert.Equal(2, registry.Devices.Count);
    }

    private static MicroPythonDevice NewDevice() =>
        new(new RawReplSession(new FakeBoardLink()), DeviceInfo.FromProbe("fake0", PythonLiteral.Parse(DeviceInfoTests.UnixProbeAnswer)));
}
