namespace MicroPythonRomfs.Device;

/// <summary>Opens the right kind of link for a port name.</summary>
public static class DeviceLinkFactory
{
    /// <summary>
    /// Opens a link: TCP for <c>socket://host:port</c>, WebREPL for <c>ws://host[:port]</c>, else a serial port through
    /// SerialPort (<see cref="SerialPortLink"/>).
    /// </summary>
    /// <param name="portName">The port as the user wrote it (see <see cref="DevicePortName"/>).</param>
    /// <param name="options">Baud rate and timeouts; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Abandons the attempt.</param>
    /// <returns>The open link.</returns>
    /// <exception cref="DeviceConnectionException">The port does not exist or cannot be opened.</exception>
    /// <exception cref="DeviceAuthenticationException">A WebREPL board refused the password.</exception>
    /// <exception cref="PlatformNotSupportedException">This host has no way to open serial ports.</exception>
    public static async Task<IDeviceLink> OpenAsync(string portName, DeviceLinkOptions? options, CancellationToken cancellationToken)
    {
        options ??= new DeviceLinkOptions();
        var name = DevicePortName.Parse(portName);
        if (name.Kind == DevicePortKind.Tcp)
        {
            return await TcpDeviceLink.ConnectAsync(name.Host!, name.TcpPort, options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        }

        if (name.Kind == DevicePortKind.WebRepl)
        {
            return await WebReplLink.ConnectAsync(name.Host!, name.TcpPort, options.Password, options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (!SerialPortLink.IsAvailable)
        {
            throw new PlatformNotSupportedException(
                $"{name.Path} cannot be opened: this host has no System.IO.Ports.SerialPort. " +
                "Use PowerShell 7.4 or later, Windows PowerShell 5.1, mpromfs, or a socket:// port.");
        }

        return SerialPortLink.Open(name.Path, options.BaudRate);
    }
}
