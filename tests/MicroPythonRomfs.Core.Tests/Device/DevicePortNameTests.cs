using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.Tests.Device;

public class DevicePortNameTests
{
    [Theory]
    [InlineData("COM3", "COM3")]
    [InlineData("com12", "COM12")]
    [InlineData("/dev/ttyACM0", "/dev/ttyACM0")]
    [InlineData(" /dev/cu.usbmodem1101 ", "/dev/cu.usbmodem1101")]
    [InlineData("a0", "/dev/ttyACM0")]
    [InlineData("a3", "/dev/ttyACM3")]
    [InlineData("u1", "/dev/ttyUSB1")]
    [InlineData("c3", "COM3")]
    [InlineData("port:a0", "a0")]
    [InlineData("a4", "a4")]
    public void Parse_ExpandsSerialNamesAsMpremoteDoes(string text, string path)
    {
        var name = DevicePortName.Parse(text);
        Assert.Equal(DevicePortKind.Serial, name.Kind);
        Assert.Equal(path, name.Path);
        Assert.Equal(text, name.Original);
    }

    [Theory]
    [InlineData("socket://127.0.0.1:4000", "127.0.0.1", 4000, "socket://127.0.0.1:4000")]
    [InlineData("SOCKET://board.local:23/", "board.local", 23, "socket://board.local:23")]
    [InlineData("socket://[::1]:2217", "::1", 2217, "socket://[::1]:2217")]
    public void Parse_ReadsSocketAddresses(string text, string host, int port, string canonical)
    {
        var name = DevicePortName.Parse(text);
        Assert.Equal(DevicePortKind.Tcp, name.Kind);
        Assert.Equal(host, name.Host);
        Assert.Equal(port, name.TcpPort);
        Assert.Equal(canonical, name.Path);
    }

    [Theory]
    [InlineData("ws://192.168.4.1", "192.168.4.1", 8266, "ws://192.168.4.1:8266")]
    [InlineData("WS://board.local:8300/", "board.local", 8300, "ws://board.local:8300")]
    [InlineData("ws://[fe80::1]", "fe80::1", 8266, "ws://[fe80::1]:8266")]
    [InlineData("ws://[::1]:9000", "::1", 9000, "ws://[::1]:9000")]
    public void Parse_ReadsWebReplAddresses_WithPort8266UnlessGiven(string text, string host, int port, string canonical)
    {
        var name = DevicePortName.Parse(text);
        Assert.Equal(DevicePortKind.WebRepl, name.Kind);
        Assert.Equal(host, name.Host);
        Assert.Equal(port, name.TcpPort);
        Assert.Equal(canonical, name.Path);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("wss://board:8266", "no TLS")]
    [InlineData("ws://board:8266/repl", "no path")]
    [InlineData("ws://board:0", "1 to 65535")]
    [InlineData("socket://host", "no TCP port")]
    [InlineData("socket://host:99999", "1 to 65535")]
    [InlineData("socket://:80", "not a valid socket address")]
    public void Parse_RejectsMalformedNames_WithAClearMessage(string text, string fragment)
    {
        var error = Assert.Throws<ArgumentException>(() => DevicePortName.Parse(text));
        Assert.Contains(fragment, error.Message);
    }
}
