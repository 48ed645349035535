namespace MicroPythonRomfs.Device;

/// <summary>How to open a link to a board.</summary>
public sealed record DeviceLinkOptions
{
    /// <summary>The serial baud rate; ignored for TCP. 115200 unless set.</summary>
    public int BaudRate { get; init; } = 115200;

    /// <summary>How long a TCP connection may take. 5 s unless set.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The WebREPL password for <c>ws://</c> ports; ignored for the others. Shown by nothing, logged nowhere.</summary>
    public System.Security.SecureString? Password { get; init; }
}
