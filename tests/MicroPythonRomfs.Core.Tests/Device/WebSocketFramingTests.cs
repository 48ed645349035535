using System.Text;
using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.Tests.Device;

public class WebSocketFramingTests
{
    [Fact]
    public void Handshake_AcceptKey_IsTheRfc6455Example()
    {
        Assert.Equal("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WebSocketHandshake.ExpectedAccept("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    [Fact]
    public void Handshake_Check_AcceptsASwitch_AndSaysWhyNotOtherwise()
    {
        const string key = "dGhlIHNhbXBsZSBub25jZQ==";
        Assert.Null(WebSocketHandshake.Check("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nsec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", key));
        Assert.Contains("HTTP/1.0 404 Not Found", WebSocketHandshake.Check("HTTP/1.0 404 Not Found\r\nServer: x", key));
        Assert.Contains("no Sec-WebSocket-Accept", WebSocketHandshake.Check("HTTP/1.1 101 Switching Protocols", key));
        Assert.Contains("does not match", WebSocketHandshake.Check("HTTP/1.1 101 OK\r\nSec-WebSocket-Accept: AAAA", key));
    }

    [Fact]
    public void Handshake_Request_AsksForVersion13WithTheKey()
    {
        var text = Encoding.ASCII.GetString(WebSocketHandshake.BuildRequest("192.168.4.1", 8266, "abc="));
        Assert.StartsWith("GET / HTTP/1.1\r\nHost: 192.168.4.1:8266\r\n", text);
        Assert.Contains("Sec-WebSocket-Key: abc=\r\n", text);
        Assert.Contains("Sec-WebSocket-Version: 13\r\n", text);
        Assert.EndsWith("\r\n\r\n", text);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(125)]
    [InlineData(126)]
    [InlineData(65535)]
    public void Encoder_MasksEveryFrame_AndTheHeaderReadsBack(int length)
    {
        using var encoder = new WebSocketFrameEncoder();
        var payload = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();

        var frame = encoder.Encode(WebSocketOpcode.Text, payload, 0, length);

        Assert.True(WebSocketFrameHeader.TryParse(frame, 0, frame.Length, out var header));
        Assert.Equal(WebSocketOpcode.Text, header.Opcode);
        Assert.True(header.Final);
        Assert.Equal(length, header.PayloadLength);
        Assert.NotNull(header.Mask);
        var unmasked = frame.Skip(header.HeaderLength).Select((b, i) => (byte)(b ^ header.Mask![i & 3])).ToArray();
        Assert.Equal(payload, unmasked);
    }

    [Fact]
    public void Header_NeedsMoreBytes_UntilTheLengthAndMaskAreThere()
    {
        var frame = new byte[] { 0x81, 126, 0x01, 0x00 };
        Assert.False(WebSocketFrameHeader.TryParse(frame, 0, 1, out _));
        Assert.False(WebSocketFrameHeader.TryParse(frame, 0, 3, out _));
        Assert.True(WebSocketFrameHeader.TryParse(frame, 0, 4, out var header));
        Assert.Equal(256, header.PayloadLength);
        Assert.Null(header.Mask);

        var big = new byte[] { 0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0 };
        Assert.True(WebSocketFrameHeader.TryParse(big, 0, big.Length, out var longHeader));
        Assert.Equal(65536, longHeader.PayloadLength);
        Assert.Equal(10, longHeader.HeaderLength);
    }

    [Theory]
    [InlineData(new byte[] { 0xC1, 0 }, "reserved bits")]
    [InlineData(new byte[] { 0x83, 0 }, "unknown opcode 3")]
    [InlineData(new byte[] { 0x88, 126, 0, 200 }, "control frame")]
    [InlineData(new byte[] { 0x09, 0 }, "control frame")]
    [InlineData(new byte[] { 0x81, 127, 0x80, 0, 0, 0, 0, 0, 0, 0 }, "top bit")]
    public void Header_RejectsFramesItCannotTake_WithAReason(byte[] bytes, string reason)
    {
        var error = Assert.Throws<FormatException>(() => WebSocketFrameHeader.TryParse(bytes, 0, bytes.Length, out _));
        Assert.Contains(reason, error.Message);
    }
}
