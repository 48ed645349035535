using System.Security.Cryptography;
using System.Text;

namespace MicroPythonRomfs.Device;

/// <summary>The client side of the websocket opening handshake (RFC 6455 §4.1) as upstream's WebREPL server reads it.</summary>
internal static class WebSocketHandshake
{
    /// <summary>The most bytes of response headers read before giving up on a server.</summary>
    public const int MaxResponseLength = 4096;

    private const string Guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /// <summary>A fresh random Sec-WebSocket-Key.</summary>
    public static string CreateKey()
    {
        var key = new byte[16];
        using (var random = RandomNumberGenerator.Create())
        {
            random.GetBytes(key);
        }

        return Convert.ToBase64String(key);
    }

    /// <summary>The GET request that asks for the upgrade.</summary>
    public static byte[] BuildRequest(string host, int port, string key)
    {
        var hostHeader = (host.IndexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var text = "GET / HTTP/1.1\r\n"
            + "Host: " + hostHeader + "\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Key: " + key + "\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "\r\n";
        return Encoding.ASCII.GetBytes(text);
    }

    /// <summary>The Sec-WebSocket-Accept value a server must answer to <paramref name="key"/>.</summary>
    public static string ExpectedAccept(string key)
    {
        using var sha1 = SHA1.Create();
        return Convert.ToBase64String(sha1.ComputeHash(Encoding.ASCII.GetBytes(key + Guid)));
    }

    /// <summary>Checks the server's response headers (everything before the blank line).</summary>
    /// <returns><see langword="null"/> when the upgrade was accepted, else why not, as a phrase.</returns>
    public static string? Check(string response, string key)
    {
        var lines = response.Split(new[] { "\r\n" }, StringSplitOptions.None);
        var status = lines[0].Split(' ');
        if (status.Length < 2 || !status[0].StartsWith("HTTP/", StringComparison.Ordinal) || status[1] != "101")
        {
            return $"it answered '{Printable(lines[0])}' instead of switching to the websocket protocol";
        }

        string? accept = null;
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon > 0 && string.Equals(line.Substring(0, colon).Trim(), "Sec-WebSocket-Accept", StringComparison.OrdinalIgnoreCase))
            {
                accept = line.Substring(colon + 1).Trim();
            }
        }

        if (accept is null)
        {
            return "its answer has no Sec-WebSocket-Accept header";
        }

        return accept == ExpectedAccept(key) ? null : "its Sec-WebSocket-Accept header does not match the key sent";
    }

    private static string Printable(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text.Take(80))
        {
            builder.Append(c >= ' ' && c < 0x7F ? c : '?');
        }

        return builder.ToString();
    }
}
