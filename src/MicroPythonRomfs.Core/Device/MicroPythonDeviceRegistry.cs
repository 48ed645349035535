namespace MicroPythonRomfs.Device;

/// <summary>
/// The devices connected in this process, so that commands given no device use the most recent connection that is
/// still open, as PowerShell users expect after <c>Connect-MicroPythonDevice</c>.
/// </summary>
public sealed class MicroPythonDeviceRegistry
{
    private readonly object _lock = new();
    private readonly List<MicroPythonDevice> _devices = new();

    /// <summary>A process-wide registry for programs that use the library directly; the cmdlets keep one per PowerShell session.</summary>
    public static MicroPythonDeviceRegistry Default { get; } = new MicroPythonDeviceRegistry();

    /// <summary>The most recently added device that is still connected, or <see langword="null"/>.</summary>
    public MicroPythonDevice? Current
    {
        get
        {
            lock (_lock)
            {
                _devices.RemoveAll(d => !d.IsConnected);
                return _devices.Count == 0 ? null : _devices[_devices.Count - 1];
            }
        }
    }

    /// <summary>The connected devices, oldest first.</summary>
    public IReadOnlyList<MicroPythonDevice> Devices
    {
        get
        {
            lock (_lock)
            {
                _devices.RemoveAll(d => !d.IsConnected);
                return _devices.ToArray();
            }
        }
    }

    /// <summary>Adds a device as the most recent connection; it leaves the registry when disconnected.</summary>
    /// <param name="device">The device.</param>
    public void Add(MicroPythonDevice device)
    {
        if (device is null)
        {
            throw new ArgumentNullException(nameof(device));
        }

        lock (_lock)
        {
            _devices.Remove(device);
            _devices.Add(device);
        }

        device.Disconnected += (sender, _) => Remove((MicroPythonDevice)sender!);
    }

    /// <summary>Removes a device.</summary>
    /// <param name="device">The device.</param>
    public void Remove(MicroPythonDevice device)
    {
        lock (_lock)
        {
            _devices.Remove(device);
        }
    }

    /// <summary>Finds the connected device on a port, however the port was written (<c>a0</c> finds <c>/dev/ttyACM0</c>).</summary>
    /// <param name="port">The port name.</param>
    /// <returns>The device, or <see langword="null"/> when none is connected there.</returns>
    public MicroPythonDevice? FindByPort(string port)
    {
        var path = DevicePortName.Parse(port).Path;
        var comparison = path.StartsWith("COM", StringComparison.OrdinalIgnoreCase) ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return Devices.LastOrDefault(d => string.Equals(d.Port, path, comparison));
    }

    /// <summary>Returns the given device, else the most recent connection.</summary>
    /// <param name="device">The device the user gave, or <see langword="null"/>.</param>
    /// <returns>The device to use.</returns>
    /// <exception cref="InvalidOperationException">No device was given and none is connected, or the given one is disconnected.</exception>
    public MicroPythonDevice Resolve(MicroPythonDevice? device)
    {
        if (device != null)
        {
            return device.IsConnected
                ? device
                : throw new InvalidOperationException($"The device on {device.Port} is disconnected. Connect again with Connect-MicroPythonDevice.");
        }

        return Current ?? throw new InvalidOperationException("No MicroPython device is connected. Connect one with Connect-MicroPythonDevice -Port <name>, or pass -Device.");
    }
}
