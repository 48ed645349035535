using System.IO.Ports;

namespace MicroPythonRomfs.Device;

/// <summary>The net10.0 build: System.IO.Ports linked directly.</summary>
public sealed partial class SerialPortLink
{
    /// <summary>Whether this host can open serial ports (Windows, Linux, macOS and FreeBSD).</summary>
    public static bool IsAvailable =>
        OperatingSystem.IsWindows() || OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD();

    /// <summary>The serial port names SerialPort reports (on Windows, the COM ports); empty where there is no
    /// SerialPort.</summary>
    /// <returns>The names.</returns>
    public static IReadOnlyList<string> GetPortNames()
    {
        if (!IsAvailable)
        {
            return Array.Empty<string>();
        }

        try
        {
            return SerialPort.GetPortNames();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            return Array.Empty<string>();
        }
    }

    private static SerialPortLink OpenCore(string portName, int baudRate, int readTimeout, int writeTimeout, SerialPortLock? portLock)
    {
        var port = new SerialPort(portName, baudRate)
        {
            ReadTimeout = readTimeout,
            WriteTimeout = writeTimeout,
        };
        try
        {
            port.Open();
        }
        catch
        {
            port.Dispose();
            throw;
        }

        return new SerialPortLink(port, portLock, port.Read, port.Write, portName);
    }
}
