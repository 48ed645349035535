namespace MicroPythonRomfs.Device;

/// <summary>How a port is reached.</summary>
public enum DevicePortKind
{
    /// <summary>A serial port or pseudo-terminal: <c>COM3</c>, <c>/dev/ttyACM0</c>.</summary>
    Serial,

    /// <summary>A TCP socket: <c>socket://host:port</c>.</summary>
    Tcp,

    /// <summary>A board's WebREPL server over WiFi: <c>ws://host[:port]</c> (port 8266 unless given).</summary>
    WebRepl,
}
