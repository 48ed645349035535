namespace MicroPythonRomfs.Device;

/// <summary>
/// A serial port (a COM port on Windows, a tty on Linux and macOS) opened through <c>System.IO.Ports.SerialPort</c>.
/// </summary>
/// <remarks>
/// The net10.0 build links the System.IO.Ports package (trimming- and NativeAOT-safe). The netstandard2.0 build, the
/// one the PowerShell module loads, binds the host's SerialPort by name at run time: Windows PowerShell has it in
/// System.dll and PowerShell 7 ships System.IO.Ports.dll, while the package's netstandard2.0 build only throws
/// PlatformNotSupportedException and a second copy in the module would clash with PowerShell 7's.
/// </remarks>
public sealed partial class SerialPortLink : IDeviceLink
{
    private const int ReadSliceMilliseconds = 50;
    private const int WriteTimeoutMilliseconds = 10000;

    private readonly IDisposable _port;
    private readonly SerialPortLock? _lock;
    private readonly Func<byte[], int, int, int> _read;
    private readonly Action<byte[], int, int> _write;
    private readonly object _readLock = new();
    private volatile bool _closed;

    private SerialPortLink(IDisposable port, SerialPortLock? portLock, Func<byte[], int, int, int> read, Action<byte[], int, int> write, string description)
    {
        _port = port;
        _lock = portLock;
        _read = read;
        _write = write;
        Description = description;
    }

    /// <inheritdoc/>
    public string Description { get; }

    /// <inheritdoc/>
    public bool IsOpen => !_closed;

    /// <summary>Opens a serial port: 8 data bits, no parity, one stop bit, DTR and RTS left low as mpremote does on
    /// Windows (so ESP32 boards are not reset or held in the bootloader).</summary>
    /// <param name="portName">The port, for example <c>COM3</c> or <c>/dev/ttyACM0</c>.</param>
    /// <param name="baudRate">The baud rate.</param>
    /// <returns>The open link.</returns>
    /// <exception cref="DeviceConnectionException">The port does not exist (the message lists the ports there are), is
    /// in use or cannot be opened.</exception>
    /// <exception cref="PlatformNotSupportedException">This host has no SerialPort.</exception>
    public static SerialPortLink Open(string portName, int baudRate)
    {
        if (portName == null)
        {
            throw new ArgumentNullException(nameof(portName));
        }

        if (!IsAvailable)
        {
            throw new PlatformNotSupportedException($"{portName} cannot be opened: this host has no System.IO.Ports.SerialPort.");
        }

        var portLock = SerialPortLock.Acquire(portName);
        try
        {
            return OpenCore(portName, baudRate, ReadSliceMilliseconds, WriteTimeoutMilliseconds, portLock);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            portLock?.Dispose();
            throw new DeviceConnectionException(portName, DescribeOpenFailure(portName, e), e);
        }
        catch
        {
            portLock?.Dispose();
            throw;
        }
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
                    throw new DeviceTimeoutException(Description, "sending (the port did not accept the bytes)", TimeSpan.FromMilliseconds(WriteTimeoutMilliseconds));
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
            _lock?.Dispose();
        }
    }

    /// <summary>Says why a port did not open. SerialPort reports a missing tty as UnauthorizedAccessException
    /// ("access denied"), so whether the port exists is looked up here rather than read from the exception.</summary>
    private static string DescribeOpenFailure(string portName, Exception error)
    {
        if (!PortExists(portName))
        {
            var ports = ListPortNames();
            var there = ports.Count == 0 ? "this machine has no serial ports" : "the serial ports here are " + string.Join(", ", ports);
            return $"{portName} does not exist ({there}). Check the port name and that the board is plugged in.";
        }

        var reason = error.InnerException?.Message ?? error.Message;
        return error is UnauthorizedAccessException
            ? $"{portName} is in use by another program, or access to it was denied: {reason}"
            : $"{portName} cannot be opened: {reason}";
    }

    private static bool PortExists(string portName)
    {
        if (System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Windows))
        {
            return GetPortNames().Contains(portName, StringComparer.OrdinalIgnoreCase);
        }

        return File.Exists(portName);
    }

    private static List<string> ListPortNames()
    {
        try
        {
            return new SerialPortCatalog().GetPorts().Select(p => p.Port).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new List<string>();
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
