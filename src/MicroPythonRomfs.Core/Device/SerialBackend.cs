namespace MicroPythonRomfs.Device;

/// <summary>Which implementation opens a serial port.</summary>
public enum SerialBackend
{
    /// <summary>The host's SerialPort where it exists, else the POSIX link on Linux and macOS.</summary>
    Auto,

    /// <summary>The host's <c>System.IO.Ports.SerialPort</c> (<see cref="HostSerialPortLink"/>).</summary>
    HostSerialPort,

    /// <summary>libc termios on Linux and macOS (<see cref="PosixSerialLink"/>).</summary>
    Posix,
}
