namespace MicroPythonRomfs.Device;

/// <summary>
/// A connected board: the facts read at connect time and the raw-REPL session that talks to it. What
/// <c>Connect-MicroPythonDevice</c> returns and what the other cmdlets take as <c>-Device</c>.
/// </summary>
public sealed class MicroPythonDevice : IDisposable
{
    private readonly object _lock = new();
    private bool _disconnected;

    /// <summary>Creates a device over a session already in the raw REPL.</summary>
    /// <param name="session">The session.</param>
    /// <param name="info">The facts read from the board.</param>
    public MicroPythonDevice(RawReplSession session, DeviceInfo info)
    {
        Session = session ?? throw new ArgumentNullException(nameof(session));
        Info = info ?? throw new ArgumentNullException(nameof(info));
        ConnectedAt = DateTimeOffset.Now;
    }

    /// <summary>Raised once, after the device is disconnected.</summary>
    public event EventHandler? Disconnected;

    /// <summary>The port, as the link describes it (<c>COM3</c>, <c>/dev/ttyACM0</c>, <c>socket://host:port</c>).</summary>
    public string Port => Session.Port;

    /// <summary><c>sys.platform</c>.</summary>
    public string Platform => Info.Platform;

    /// <summary>The firmware version.</summary>
    public string FirmwareVersion => Info.FirmwareVersion;

    /// <summary>The .mpy version the board loads, as <c>6.3</c>.</summary>
    public string? MpyVersion => Info.MpyVersion;

    /// <summary>The native architecture for .mpy files (mpy-cross <c>-march</c> name), <c>none</c> for bytecode only.</summary>
    public string? MpyArchitecture => Info.MpyArchitecture;

    /// <summary>How many ROMFS partitions the board has.</summary>
    public int RomfsPartitionCount => Info.RomfsPartitionCount;

    /// <summary>The board's unique id in hex, where it has one.</summary>
    public string? UniqueId => Info.UniqueId;

    /// <summary>Whether the connection is open.</summary>
    public bool IsConnected => !_disconnected && Session.Link.IsOpen;

    /// <summary>When the connection was made.</summary>
    public DateTimeOffset ConnectedAt { get; }

    /// <summary>Everything read from the board at connect time.</summary>
    public DeviceInfo Info { get; }

    /// <summary>The raw-REPL session; other layers run their device code through it.</summary>
    public RawReplSession Session { get; }

    /// <summary>
    /// Opens the port, enters the raw REPL (with a soft reset unless turned off) and reads the device facts.
    /// </summary>
    /// <param name="port">The port as the user wrote it (see <see cref="DevicePortName"/>).</param>
    /// <param name="options">Baud rate, timeout, soft reset; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Abandons the attempt; the port is closed again.</param>
    /// <returns>The connected device.</returns>
    /// <exception cref="DeviceConnectionException">The port cannot be opened or the link failed.</exception>
    /// <exception cref="DeviceTimeoutException">The board did not answer in time.</exception>
    /// <exception cref="DeviceAuthenticationException">A WebREPL board refused the password.</exception>
    public static async Task<MicroPythonDevice> ConnectAsync(string port, DeviceConnectionOptions? options, CancellationToken cancellationToken)
    {
        options ??= new DeviceConnectionOptions();

        // TCP serial bridges (ser2net, the emulator) serve one client and drop any other at once, and notice a client
        // that has just left a moment later; a drop before the raw REPL is reached is retried a few times.
        const int TcpAttempts = 5;
        for (var attempt = 1; ; attempt++)
        {
            var link = await DeviceLinkFactory.OpenAsync(
                port,
                new DeviceLinkOptions { BaudRate = options.BaudRate, ConnectTimeout = options.Timeout, Password = options.Password },
                cancellationToken).ConfigureAwait(false);
            var session = new RawReplSession(link, new RawReplOptions { ResponseTimeout = options.Timeout, UseRawPaste = options.UseRawPaste });
            try
            {
                await session.EnterAsync(options.SoftReset, cancellationToken).ConfigureAwait(false);
                var info = await DeviceInfo.ReadAsync(session, cancellationToken).ConfigureAwait(false);
                return new MicroPythonDevice(session, info);
            }
            catch (DeviceConnectionException e) when (link is TcpDeviceLink && !session.IsInRawRepl && !link.IsOpen)
            {
                session.Dispose();
                if (attempt < TcpAttempts)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw new DeviceConnectionException(e.Port, e.Message + " It may be in use by another program: a TCP serial bridge serves one client at a time.", e);
            }
            catch
            {
                session.Dispose();
                throw;
            }
        }
    }

    /// <summary>Soft-resets the board (its Python state starts afresh); the connection stays open.</summary>
    /// <param name="cancellationToken">Abandons the wait.</param>
    /// <returns>A task that completes when the board is back at the raw REPL prompt.</returns>
    public Task SoftResetAsync(CancellationToken cancellationToken) => Session.SoftResetAsync(cancellationToken);

    /// <summary>Leaves the raw REPL and closes the port. Safe to call more than once.</summary>
    public void Disconnect()
    {
        lock (_lock)
        {
            if (_disconnected)
            {
                return;
            }

            _disconnected = true;
        }

        Session.Dispose();
        Disconnected?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>Same as <see cref="Disconnect"/>.</summary>
    public void Dispose() => Disconnect();

    /// <inheritdoc/>
    public override string ToString() => $"{Port} ({Platform}, MicroPython {FirmwareVersion})";
}
