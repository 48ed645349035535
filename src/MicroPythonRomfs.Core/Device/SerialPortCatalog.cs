using System.Globalization;
using System.Runtime.InteropServices;

namespace MicroPythonRomfs.Device;

/// <summary>
/// Lists candidate serial ports, as <c>mpremote devs</c> does: on Linux the tty devices with their USB vendor and
/// product ids, serial number, manufacturer and product read from sysfs; on macOS the <c>/dev/cu.*</c> devices; on
/// Windows the COM ports SerialPort reports.
/// </summary>
public sealed class SerialPortCatalog
{
    // The same device families pyserial lists on Linux.
    private static readonly string[] LinuxPatterns = { "ttyS*", "ttyUSB*", "ttyXRUSB*", "ttyACM*", "ttyAMA*", "rfcomm*", "ttyAP*", "ttyGS*" };

    private readonly string _sysRoot;
    private readonly string _devRoot;

    /// <summary>Creates a catalog of this machine's ports.</summary>
    public SerialPortCatalog()
        : this("/sys", "/dev")
    {
    }

    /// <summary>Creates a catalog that reads another sysfs and /dev tree (for tests).</summary>
    /// <param name="sysRoot">The folder playing /sys.</param>
    /// <param name="devRoot">The folder playing /dev.</param>
    public SerialPortCatalog(string sysRoot, string devRoot)
    {
        _sysRoot = sysRoot ?? throw new ArgumentNullException(nameof(sysRoot));
        _devRoot = devRoot ?? throw new ArgumentNullException(nameof(devRoot));
    }

    /// <summary>Lists the candidate ports of this operating system, sorted by name.</summary>
    /// <returns>The ports; empty when there are none.</returns>
    public IReadOnlyList<SerialPortInfo> GetPorts()
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            return SerialPortLink.GetPortNames().OrderBy(n => n, StringComparer.OrdinalIgnoreCase).Select(n => new SerialPortInfo(n)).ToList();
        }

        if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
        {
            return EnumerateDev("cu.*").Select(path => new SerialPortInfo(path)).ToList();
        }

        return GetLinuxPorts();
    }

    /// <summary>Lists the tty devices under the /dev folder with what sysfs tells about each.</summary>
    /// <returns>The ports, sorted by name, without the on-board UARTs that have no hardware behind them.</returns>
    public IReadOnlyList<SerialPortInfo> GetLinuxPorts()
    {
        var ports = new List<SerialPortInfo>();
        foreach (var path in LinuxPatterns.SelectMany(EnumerateDev).Distinct(StringComparer.Ordinal).OrderBy(p => p, StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            var devicePath = PosixNative.RealPath(Path.Combine(_sysRoot, "class", "tty", name, "device"));
            string? subsystem = null;
            if (devicePath != null)
            {
                var subsystemPath = PosixNative.RealPath(Path.Combine(devicePath, "subsystem"));
                subsystem = subsystemPath == null ? null : Path.GetFileName(subsystemPath);
            }

            // A ttyS* whose device is a 'platform' one, or whose UART type is 0 (none found), is a slot the kernel
            // reserves, not a port.
            if (subsystem == "platform" || ReadLine(Path.Combine(_sysRoot, "class", "tty", name), "type") == "0")
            {
                continue;
            }

            string? interfacePath = subsystem switch
            {
                "usb-serial" => Path.GetDirectoryName(devicePath),
                "usb" => devicePath,
                _ => null,
            };
            if (interfacePath == null)
            {
                ports.Add(new SerialPortInfo(path));
                continue;
            }

            var usbDevicePath = Path.GetDirectoryName(interfacePath)!;
            ports.Add(new SerialPortInfo(path)
            {
                VendorId = ReadHex(usbDevicePath, "idVendor"),
                ProductId = ReadHex(usbDevicePath, "idProduct"),
                SerialNumber = ReadLine(usbDevicePath, "serial"),
                Manufacturer = ReadLine(usbDevicePath, "manufacturer"),
                Product = ReadLine(usbDevicePath, "product"),
                Interface = ReadLine(interfacePath, "interface"),
            });
        }

        return ports;
    }

    private IEnumerable<string> EnumerateDev(string pattern)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries(_devRoot, pattern).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Array.Empty<string>();
        }
    }

    private static string? ReadLine(string folder, string file)
    {
        try
        {
            var path = Path.Combine(folder, file);
            if (!File.Exists(path))
            {
                return null;
            }

            using var reader = new StreamReader(path);
            var line = reader.ReadLine()?.Trim();
            return string.IsNullOrEmpty(line) ? null : line;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static int? ReadHex(string folder, string file) =>
        int.TryParse(ReadLine(folder, file), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value) ? value : null;
}
