namespace MicroPythonRomfs.Device;

/// <summary>How <see cref="MicroPythonDevice.ConnectAsync"/> opens and prepares a board.</summary>
public sealed record DeviceConnectionOptions
{
    /// <summary>The serial baud rate; ignored for TCP. 115200 unless set.</summary>
    public int BaudRate { get; init; } = 115200;

    /// <summary>How long opening the port and each protocol step may wait. 5 s unless set.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether to soft-reset the board after entering the raw REPL, as mpremote does. <see langword="true"/> unless set.</summary>
    public bool SoftReset { get; init; } = true;

    /// <summary>Whether to use raw-paste mode where the board has it. <see langword="true"/> unless set.</summary>
    public bool UseRawPaste { get; init; } = true;

    /// <summary>The WebREPL password for <c>ws://</c> ports; ignored for the others. Shown by nothing, logged nowhere.</summary>
    public System.Security.SecureString? Password { get; init; }
}
