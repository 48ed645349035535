using System.Reflection;

namespace MicroPythonRomfs.Device;

/// <summary>
/// A serial port opened through the host's <c>System.IO.Ports.SerialPort</c>, bound by reflection.
/// </summary>
/// <remarks>
/// Why reflection: this assembly targets netstandard2.0 so one build loads in Windows PowerShell 5.1 and
/// PowerShell 7.4+. netstandard2.0 has no SerialPort; a compile-time reference would mean either the
/// System.IO.Ports NuGet package (whose netstandard2.0 build throws PlatformNotSupportedException at run time and
/// whose own copy would clash with the one PowerShell 7 already loads) or the .NET Framework reference assemblies
/// (which would tie the build to Framework reference packs). Both hosts already carry the type — Windows
/// PowerShell in System.dll, PowerShell 7.4+ in System.IO.Ports.dll — so looking it up by name at run time binds to
/// whichever the host has, with no extra file to ship, and lets the library fall back to
/// <see cref="PosixSerialLink"/> where neither exists (plain .NET on Linux and macOS, and the tests).
/// </remarks>
public sealed class HostSerialPortLink : IDeviceLink
{
    private const int ReadSliceMilliseconds = 50;

    private static readonly Lazy<Type?> SerialPortTypeLazy = new(FindSerialPortType);

    private readonly IDisposable _port;
    private readonly Func<byte[], int, int, int> _read;
    private readonly Action<byte[], int, int> _write;
    private readonly object _readLock = new();
    private volatile bool _closed;

    private HostSerialPortLink(IDisposable port, string description)
    {
        _port = port;
        Description = description;
        var type = port.GetType();
        _read = (Func<byte[], int, int, int>)Delegate.CreateDelegate(typeof(Func<byte[], int, int, int>), port, type.GetMethod("Read", new[] { typeof(byte[]), typeof(int), typeof(int) })!);
        _write = (Action<byte[], int, int>)Delegate.CreateDelegate(typeof(Action<byte[], int, int>), port, type.GetMethod("Write", new[] { typeof(byte[]), typeof(int), typeof(int) })!);
    }

    /// <summary>Whether the host has <c>System.IO.Ports.SerialPort</c>.</summary>
    public static bool IsAvailable => SerialPortTypeLazy.Value != null;

    /// <inheritdoc/>
    public string Description { get; }

    /// <inheritdoc/>
    public bool IsOpen => !_closed;

    /// <summary>The serial port names the host's SerialPort reports (on Windows, the COM ports); empty when the
    /// host has no SerialPort.</summary>
    /// <returns>The names.</returns>
    public static IReadOnlyList<string> GetPortNames()
    {
        var type = SerialPortTypeLazy.Value;
        if (type == null)
        {
            return Array.Empty<string>();
        }

        try
        {
            return (string[])type.GetMethod("GetPortNames", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, null)!;
        }
        catch (TargetInvocationException)
        {
            return Array.Empty<string>();
        }
    }

    /// <summary>Opens a serial port through the host's SerialPort: 8 data bits, no parity, one stop bit,
    /// DTR and RTS left low as mpremote does on Windows (so ESP32 boards are not reset or held in the bootloader).</summary>
    /// <param name="portName">The port, for example <c>COM3</c>.</param>
    /// <param name="baudRate">The baud rate.</param>
    /// <returns>The open link.</returns>
    /// <exception cref="DeviceConnectionException">The port does not exist, is in use or cannot be opened.</exception>
    /// <exception cref="PlatformNotSupportedException">The host has no SerialPort.</exception>
    public static HostSerialPortLink Open(string portName, int baudRate)
    {
        var type = SerialPortTypeLazy.Value ?? throw new PlatformNotSupportedException("This host has no System.IO.Ports.SerialPort.");
        IDisposable port;
        try
        {
            port = (IDisposable)Activator.CreateInstance(type, portName, baudRate)!;
        }
        catch (TargetInvocationException e)
        {
            throw new DeviceConnectionException(portName, $"{portName} cannot be used: {e.InnerException?.Message}", e.InnerException);
        }

        try
        {
            type.GetProperty("ReadTimeout")!.SetValue(port, ReadSliceMilliseconds);
            type.GetProperty("WriteTimeout")!.SetValue(port, 10000);
            type.GetMethod("Open", Type.EmptyTypes)!.Invoke(port, null);
        }
        catch (TargetInvocationException e)
        {
            port.Dispose();
            var inner = e.InnerException;
            var message = inner switch
            {
                UnauthorizedAccessException => $"{portName} is in use by another program, or access to it was denied.",
                FileNotFoundException or DirectoryNotFoundException => $"{portName} does not exist. Check the port name (Get-MicroPythonPort or 'mpromfs devs' lists the ports) and that the board is plugged in.",
                _ => $"{portName} cannot be opened: {inner?.Message}",
            };
            throw new DeviceConnectionException(portName, message, inner);
        }

        return new HostSerialPortLink(port, portName);
    }

    /// <inheritdoc/>
    public Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        TcpDeviceLink.ValidateBuffer(buffer, offset, count);
        return Task.Run(
            () =>
            {
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    lock (_readLock)
                    {
                        ThrowIfClosed();
                        try
                        {
                            var received = _read(buffer, offset, count);
                            if (received > 0)
                            {
                                return received;
                            }
                        }
                        catch (TimeoutException)
                        {
                            // The slice ended with nothing received; look at the token and wait again.
                        }
                        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
                        {
                            _closed = true;
                            throw new DeviceConnectionException(Description, $"The connection to {Description} failed while receiving: {e.Message}", e);
                        }
                    }
                }
            },
            CancellationToken.None);
    }

    /// <inheritdoc/>
    public Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        TcpDeviceLink.ValidateBuffer(buffer, offset, count);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.Run(
            () =>
            {
                ThrowIfClosed();
                try
                {
                    _write(buffer, offset, count);
                }
                catch (TimeoutException)
                {
                    throw new DeviceTimeoutException(Description, "sending (the port did not accept the bytes)", TimeSpan.FromSeconds(10));
                }
                catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
                {
                    _closed = true;
                    throw new DeviceConnectionException(Description, $"The connection to {Description} failed while sending: {e.Message}", e);
                }
            },
            CancellationToken.None);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _closed = true;
        lock (_readLock)
        {
            _port.Dispose();
        }
    }

    private static Type? FindSerialPortType()
    {
        // PowerShell 7.4+ (and any .NET with the System.IO.Ports package loaded), then .NET Framework's System.dll.
        return TryGetType("System.IO.Ports.SerialPort, System.IO.Ports")
            ?? TryGetType("System.IO.Ports.SerialPort, System, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089");
    }

    private static Type? TryGetType(string name)
    {
        try
        {
            return Type.GetType(name, throwOnError: false);
        }
        catch (Exception e) when (e is IOException or BadImageFormatException or TypeLoadException)
        {
            return null;
        }
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new DeviceConnectionException(Description, $"The connection to {Description} is closed.");
        }
    }
}
