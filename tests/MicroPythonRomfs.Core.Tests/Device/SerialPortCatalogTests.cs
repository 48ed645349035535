using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.Tests.Device;

public sealed class SerialPortCatalogTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mpromfs-sysfs-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void GetLinuxPorts_ReadsUsbIdsAndStrings_FromAFakeSysfs()
    {
        var sys = Path.Combine(_root, "sys");
        var dev = Path.Combine(_root, "dev");
        Directory.CreateDirectory(dev);
        Directory.CreateDirectory(Path.Combine(sys, "bus", "usb"));
        Directory.CreateDirectory(Path.Combine(sys, "bus", "usb-serial"));
        Directory.CreateDirectory(Path.Combine(sys, "bus", "platform"));

        // A CDC-ACM board: the tty's device is the USB interface.
        var usbDevice = Path.Combine(sys, "devices", "pci0000:00", "usb1", "1-1");
        var acmInterface = Path.Combine(usbDevice, "1-1:1.0");
        Directory.CreateDirectory(acmInterface);
        File.WriteAllText(Path.Combine(usbDevice, "idVendor"), "2e8a\n");
        File.WriteAllText(Path.Combine(usbDevice, "idProduct"), "0005\n");
        File.WriteAllText(Path.Combine(usbDevice, "serial"), "E6616407E3496E28\n");
        File.WriteAllText(Path.Combine(usbDevice, "manufacturer"), "MicroPython\n");
        File.WriteAllText(Path.Combine(usbDevice, "product"), "Board in FS mode\n");
        File.WriteAllText(Path.Combine(acmInterface, "interface"), "Board CDC\n");
        File.CreateSymbolicLink(Path.Combine(acmInterface, "subsystem"), Path.Combine(sys, "bus", "usb"));
        AddTty(sys, dev, "ttyACM0", acmInterface);

        // A USB-UART bridge: the tty's device sits one level below the interface.
        var bridge = Path.Combine(sys, "devices", "pci0000:00", "usb1", "1-2");
        var bridgePort = Path.Combine(bridge, "1-2:1.0", "ttyUSB0");
        Directory.CreateDirectory(bridgePort);
        File.WriteAllText(Path.Combine(bridge, "idVendor"), "10c4\n");
        File.WriteAllText(Path.Combine(bridge, "idProduct"), "ea60\n");
        File.WriteAllText(Path.Combine(bridge, "product"), "CP2102 USB to UART Bridge Controller\n");
        File.CreateSymbolicLink(Path.Combine(bridgePort, "subsystem"), Path.Combine(sys, "bus", "usb-serial"));
        AddTty(sys, dev, "ttyUSB0", bridgePort);

        // A reserved on-board UART slot (left out) and a tty with no sysfs entry (listed bare).
        var platform = Path.Combine(sys, "devices", "platform", "serial8250");
        Directory.CreateDirectory(platform);
        File.CreateSymbolicLink(Path.Combine(platform, "subsystem"), Path.Combine(sys, "bus", "platform"));
        AddTty(sys, dev, "ttyS0", platform);
        var emptySlot = Path.Combine(sys, "devices", "serial-base", "serial8250:0.1");
        Directory.CreateDirectory(emptySlot);
        AddTty(sys, dev, "ttyS1", emptySlot);
        File.WriteAllText(Path.Combine(sys, "class", "tty", "ttyS1", "type"), "0\n");
        var realUart = Path.Combine(sys, "devices", "serial-base", "serial8250:0.2");
        Directory.CreateDirectory(realUart);
        AddTty(sys, dev, "ttyS2", realUart);
        File.WriteAllText(Path.Combine(sys, "class", "tty", "ttyS2", "type"), "4\n");
        File.WriteAllText(Path.Combine(dev, "ttyAMA0"), string.Empty);
        File.WriteAllText(Path.Combine(dev, "null"), string.Empty);

        var ports = new SerialPortCatalog(sys, dev).GetLinuxPorts();

        Assert.Equal(new[] { "ttyACM0", "ttyAMA0", "ttyS2", "ttyUSB0" }, ports.Select(p => Path.GetFileName(p.Port)));
        var acm = ports[0];
        Assert.Equal("2e8a:0005", acm.UsbId);
        Assert.Equal(0x2e8a, acm.VendorId);
        Assert.Equal("E6616407E3496E28", acm.SerialNumber);
        Assert.Equal("MicroPython", acm.Manufacturer);
        Assert.Equal("Board in FS mode", acm.Description);
        Assert.Equal("Board CDC", acm.Interface);
        Assert.Null(ports[1].UsbId);
        Assert.Equal(ports[1].Port, ports[1].Description);
        Assert.Null(ports[2].UsbId);
        Assert.Equal("10c4:ea60", ports[3].UsbId);
        Assert.Null(ports[3].SerialNumber);
        Assert.Equal("CP2102 USB to UART Bridge Controller", ports[3].Product);
    }

    private static void AddTty(string sys, string dev, string name, string device)
    {
        var classDir = Path.Combine(sys, "class", "tty", name);
        Directory.CreateDirectory(classDir);
        File.CreateSymbolicLink(Path.Combine(classDir, "device"), device);
        File.WriteAllText(Path.Combine(dev, name), string.Empty);
    }
}
