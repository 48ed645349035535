using System.Globalization;

namespace MicroPythonRomfs.Device;

/// <summary>
/// A port name as users write it: <c>COM3</c>, <c>/dev/ttyACM0</c>, <c>socket://host:port</c>, or the short forms
/// upstream mpremote accepts, <c>ws://host[:port]</c> for a board's WebREPL (port 8266 unless given), (<c>a0</c>–<c>a3</c> for <c>/dev/ttyACM0</c>–<c>3</c>, <c>u0</c>–<c>u3</c> for
/// <c>/dev/ttyUSB0</c>–<c>3</c>, <c>c0</c>–<c>c3</c> for <c>COM0</c>–<c>3</c>), and mpremote's <c>port:</c> prefix.
/// </summary>
public sealed class DevicePortName
{
    private const string SocketScheme = "socket://";
    private const string WebReplScheme = "ws://";

    /// <summary>The TCP port upstream's WebREPL listens on unless told otherwise.</summary>
    public const int DefaultWebReplPort = 8266;

    private DevicePortName(string original, DevicePortKind kind, string path, string? host, int tcpPort)
    {
        Original = original;
        Kind = kind;
        Path = path;
        Host = host;
        TcpPort = tcpPort;
    }

    /// <summary>The text the user gave.</summary>
    public string Original { get; }

    /// <summary>How the port is reached.</summary>
    public DevicePortKind Kind { get; }

    /// <summary>The serial device to open (<c>COM3</c>, <c>/dev/ttyACM0</c>), or for TCP and WebREPL the canonical
    /// <c>socket://host:port</c> or <c>ws://host:port</c> form.</summary>
    public string Path { get; }

    /// <summary>For TCP and WebREPL, the host name or address; otherwise <see langword="null"/>.</summary>
    public string? Host { get; }

    /// <summary>For TCP and WebREPL, the port number; otherwise 0.</summary>
    public int TcpPort { get; }

    /// <summary>Reads a port name.</summary>
    /// <param name="name">The name as the user wrote it.</param>
    /// <returns>The parsed name.</returns>
    /// <exception cref="ArgumentException">The name is empty or a malformed <c>socket://</c> or <c>ws://</c> address.</exception>
    public static DevicePortName Parse(string name)
    {
        if (name is null)
        {
            throw new ArgumentNullException(nameof(name));
        }

        var text = name.Trim();
        // mpremote's "port:" prefix takes the rest literally, so a device really named "a0" stays reachable.
        var literal = text.StartsWith("port:", StringComparison.OrdinalIgnoreCase);
        if (literal)
        {
            text = text.Substring("port:".Length);
        }

        if (text.Length == 0)
        {
            throw new ArgumentException("The port name is empty; give a name such as COM3, /dev/ttyACM0 or socket://host:port.", nameof(name));
        }

        if (literal)
        {
            return new DevicePortName(name, DevicePortKind.Serial, text, null, 0);
        }

        if (text.StartsWith(SocketScheme, StringComparison.OrdinalIgnoreCase))
        {
            return ParseSocket(name, text.Substring(SocketScheme.Length));
        }

        if (text.StartsWith(WebReplScheme, StringComparison.OrdinalIgnoreCase))
        {
            return ParseWebRepl(name, text.Substring(WebReplScheme.Length));
        }

        if (text.StartsWith("wss://", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"'{name}': WebREPL has no TLS; write ws://host[:port].", nameof(name));
        }

        if (text.Length == 2 && text[1] >= '0' && text[1] <= '3')
        {
            var number = text[1];
            switch (text[0])
            {
                case 'a':
                    return new DevicePortName(name, DevicePortKind.Serial, "/dev/ttyACM" + number, null, 0);
                case 'u':
                    return new DevicePortName(name, DevicePortKind.Serial, "/dev/ttyUSB" + number, null, 0);
                case 'c':
                    return new DevicePortName(name, DevicePortKind.Serial, "COM" + number, null, 0);
            }
        }

        if (text.StartsWith("com", StringComparison.OrdinalIgnoreCase) && text.Length > 3 && text.Substring(3).All(char.IsDigit))
        {
            text = "COM" + text.Substring(3);
        }

        return new DevicePortName(name, DevicePortKind.Serial, text, null, 0);
    }

    /// <inheritdoc/>
    public override string ToString() => Path;

    private static DevicePortName ParseWebRepl(string original, string address)
    {
        address = address.TrimEnd('/');
        var hasPort = address.StartsWith("[", StringComparison.Ordinal)
            ? address.IndexOf("]:", StringComparison.Ordinal) >= 0
            : address.IndexOf(':') >= 0;
        if (address.IndexOf('/') >= 0 || address.IndexOf('@') >= 0)
        {
            throw new ArgumentException($"'{original}' is not a valid WebREPL address; write ws://host[:port] with no path or user name.", nameof(original));
        }

        var socket = ParseSocket(original, hasPort ? address : address + ":" + DefaultWebReplPort.ToString(CultureInfo.InvariantCulture));
        return new DevicePortName(original, DevicePortKind.WebRepl, WebReplScheme + socket.Path.Substring(SocketScheme.Length), socket.Host, socket.TcpPort);
    }

    private static DevicePortName ParseSocket(string original, string address)
    {
        string host;
        string portText;
        if (address.StartsWith("[", StringComparison.Ordinal))
        {
            var close = address.IndexOf(']');
            if (close < 0 || close + 1 >= address.Length || address[close + 1] != ':')
            {
                throw new ArgumentException($"'{original}' is not a valid socket address; write socket://[ipv6-address]:port.", nameof(original));
            }

            host = address.Substring(1, close - 1);
            portText = address.Substring(close + 2);
        }
        else
        {
            var colon = address.LastIndexOf(':');
            if (colon < 0)
            {
                throw new ArgumentException($"'{original}' has no TCP port; write socket://host:port, for example socket://192.168.4.1:23.", nameof(original));
            }

            host = address.Substring(0, colon);
            portText = address.Substring(colon + 1);
        }

        portText = portText.TrimEnd('/');
        if (host.Length == 0 || !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port < 1 || port > 65535)
        {
            throw new ArgumentException($"'{original}' is not a valid socket address; the TCP port must be a number from 1 to 65535.", nameof(original));
        }

        var canonicalHost = host.IndexOf(':') >= 0 ? "[" + host + "]" : host;
        return new DevicePortName(original, DevicePortKind.Tcp, $"{SocketScheme}{canonicalHost}:{port}", host, port);
    }
}
