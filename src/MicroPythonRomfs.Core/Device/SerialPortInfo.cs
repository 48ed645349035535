namespace MicroPythonRomfs.Device;

/// <summary>A candidate serial port and what the operating system tells about the device behind it.</summary>
public sealed record SerialPortInfo
{
    /// <summary>Creates the record.</summary>
    /// <param name="port">The name to connect to, for example <c>/dev/ttyACM0</c> or <c>COM3</c>.</param>
    public SerialPortInfo(string port)
    {
        Port = port ?? throw new ArgumentNullException(nameof(port));
    }

    /// <summary>The name to connect to; binds to the <c>-Port</c> parameter by property name.</summary>
    public string Port { get; }

    /// <summary>The USB vendor id, when the port is a USB device.</summary>
    public int? VendorId { get; init; }

    /// <summary>The USB product id, when the port is a USB device.</summary>
    public int? ProductId { get; init; }

    /// <summary>The USB serial number, when the device reports one.</summary>
    public string? SerialNumber { get; init; }

    /// <summary>The USB manufacturer string, when the device reports one.</summary>
    public string? Manufacturer { get; init; }

    /// <summary>The USB product string, when the device reports one.</summary>
    public string? Product { get; init; }

    /// <summary>The USB interface name, when the device reports one.</summary>
    public string? Interface { get; init; }

    /// <summary><c>vvvv:pppp</c> in hex as <c>lsusb</c> and mpremote print it, or <see langword="null"/> for a non-USB port.</summary>
    public string? UsbId => VendorId is int vid && ProductId is int pid ? $"{vid:x4}:{pid:x4}" : null;

    /// <summary>A short description: the product, else the interface, else the port name.</summary>
    public string Description => Product ?? Interface ?? Port;
}
