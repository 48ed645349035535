using MicroPythonRomfs.Device;

namespace System.IO.Ports;

/// <summary>The members of System.IO.Ports.SerialPort that HostSerialPortLink uses, over a pseudo-terminal.</summary>
public sealed class SerialPort : IDisposable
{
    private PosixSerialLink? _link;

    public SerialPort(string portName, int baudRate)
    {
        PortName = portName;
        BaudRate = baudRate;
    }

    public static int OpenCount { get; private set; }

    public string PortName { get; }

    public int BaudRate { get; }

    public int ReadTimeout { get; set; } = -1;

    public int WriteTimeout { get; set; } = -1;

    public bool IsOpen => _link != null;

    public static string[] GetPortNames() => new[] { "COM7", "COM3" };

    public void Open()
    {
        try
        {
            _link = PosixSerialLink.Open(PortName, BaudRate);
            OpenCount++;
        }
        catch (DeviceConnectionException e) when (e.Message.Contains("does not exist"))
        {
            throw new FileNotFoundException($"Could not find file '{PortName}'.", PortName);
        }
        catch (DeviceConnectionException e) when (e.Message.Contains("in use"))
        {
            throw new UnauthorizedAccessException($"Access to the port '{PortName}' is denied.");
        }
    }

    public int Read(byte[] buffer, int offset, int count)
    {
        var link = _link ?? throw new InvalidOperationException("The port is closed.");
        using var timeout = new CancellationTokenSource();
        if (ReadTimeout >= 0)
        {
            timeout.CancelAfter(ReadTimeout);
        }

        try
        {
            return link.ReadAsync(buffer, offset, count, timeout.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("The operation has timed out.");
        }
        catch (DeviceConnectionException e)
        {
            throw new IOException(e.Message, e);
        }
    }

    public void Write(byte[] buffer, int offset, int count)
    {
        var link = _link ?? throw new InvalidOperationException("The port is closed.");
        link.WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        _link?.Dispose();
        _link = null;
    }
}
