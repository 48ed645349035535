using FsCheck;
using FsCheck.Fluent;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Fleet;

namespace MicroPythonRomfs.Tests.Fleet;

public class SerialPortFilterTests
{
    private static readonly SerialPortInfo[] Ports =
    {
        new("/dev/ttyACM0") { VendorId = 0x2e8a, ProductId = 0x0005, Product = "Board in FS mode" },
        new("/dev/ttyACM1") { VendorId = 0x2e8a, ProductId = 0x0005, Product = "Board in FS mode" },
        new("/dev/ttyUSB0") { VendorId = 0x10c4, ProductId = 0xea60, Product = "CP2102 USB to UART Bridge Controller" },
        new("/dev/ttyS4"),
    };

    [Theory]
    [InlineData(new[] { "2e8a:*" }, null, null, new[] { "/dev/ttyACM0", "/dev/ttyACM1" })]
    [InlineData(new[] { "10C4:EA60" }, null, null, new[] { "/dev/ttyUSB0" })]
    [InlineData(null, new[] { "*cp210?*" }, null, new[] { "/dev/ttyUSB0" })]
    [InlineData(null, null, new[] { "/dev/ttyACM?", "/dev/ttyS*" }, new[] { "/dev/ttyACM0", "/dev/ttyACM1", "/dev/ttyS4" })]
    [InlineData(new[] { "2e8a:*" }, null, new[] { "*1" }, new[] { "/dev/ttyACM1" })]
    [InlineData(null, null, null, new[] { "/dev/ttyACM0", "/dev/ttyACM1", "/dev/ttyUSB0", "/dev/ttyS4" })]
    [InlineData(new[] { "*" }, null, null, new[] { "/dev/ttyACM0", "/dev/ttyACM1", "/dev/ttyUSB0" })]
    public void Select_KeepsThePortsEveryGivenListMatches(string[]? usbIds, string[]? descriptions, string[]? ports, string[] expected)
    {
        var filter = new SerialPortFilter { UsbIds = usbIds ?? Array.Empty<string>(), Descriptions = descriptions ?? Array.Empty<string>(), Ports = ports ?? Array.Empty<string>() };

        Assert.Equal(expected, filter.Select(Ports).Select(p => p.Port));
    }

    [Theory]
    [InlineData("a*b*c", "aXXbYYc", true)]
    [InlineData("a*b*c", "aXXbYY", false)]
    [InlineData("*", "", true)]
    [InlineData("?", "", false)]
    [InlineData("**a", "bba", true)]
    [InlineData("COM?", "com3", true)]
    [InlineData("COM?", "COM12", false)]
    public void IsMatch_FollowsStarAndQuestionMark_IgnoringCase(string pattern, string value, bool expected)
    {
        Assert.Equal(expected, SerialPortFilter.IsMatch(pattern, value));
    }

    [Fact]
    public void IsMatch_OfAValueWithItsOwnLettersStarredOut_IsAlwaysTrue()
    {
        Prop.ForAll<NonNull<string>, int>((value, seed) =>
        {
            var random = new Random(seed);
            var pattern = new string(value.Get.Select(c => c == '*' || c == '?' || random.Next(3) == 0 ? '?' : c).ToArray());
            var starred = random.Next(2) == 0 ? "*" + pattern.Substring(Math.Min(pattern.Length, 1)) : pattern;
            return SerialPortFilter.IsMatch(pattern, value.Get) && SerialPortFilter.IsMatch(starred, value.Get);
        }).QuickCheckThrowOnFailure();
    }
}
