namespace MicroPythonRomfs.Device;

/// <summary>
/// The board refused the password (WebREPL answered <c>Access denied</c>), or asked for one and none was given. Its
/// own type so that front ends can tell a wrong password from a board that cannot be reached; the message never
/// holds the password.
/// </summary>
public sealed class DeviceAuthenticationException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="port">The port, as the user named it.</param>
    /// <param name="message">A complete sentence that names the port.</param>
    public DeviceAuthenticationException(string port, string message)
        : base(message)
    {
        Port = port;
    }

    /// <summary>The port, as the user named it.</summary>
    public string Port { get; }
}
