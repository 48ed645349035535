namespace MicroPythonRomfs.Device;

/// <summary>A port could not be opened, or an open connection to a board failed or was closed.</summary>
public sealed class DeviceConnectionException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="port">The port, as the user named it.</param>
    /// <param name="message">A complete sentence that names the port.</param>
    /// <param name="innerException">The operating system's error, if any.</param>
    public DeviceConnectionException(string port, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Port = port;
    }

    /// <summary>The port, as the user named it.</summary>
    public string Port { get; }
}
