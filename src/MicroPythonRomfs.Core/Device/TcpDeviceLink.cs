using System.Net;
using System.Net.Sockets;

namespace MicroPythonRomfs.Device;

/// <summary>
/// A link over TCP (<c>socket://host:port</c>): ser2net, WiFi-to-UART bridges, the board emulator. Nagle's algorithm
/// is off so that the one-byte control characters of the raw REPL leave at once.
/// </summary>
public sealed class TcpDeviceLink : IDeviceLink
{
    // Reads wait in slices so that cancellation is seen promptly on every framework: on .NET Framework a socket read
    // ignores its cancellation token.
    private const int PollSliceMicroseconds = 50_000;

    private readonly Socket _socket;
    private volatile bool _closed;

    private TcpDeviceLink(Socket socket, string description)
    {
        _socket = socket;
        Description = description;
    }

    /// <inheritdoc/>
    public string Description { get; }

    /// <inheritdoc/>
    public bool IsOpen => !_closed;

    /// <summary>Connects to a TCP port.</summary>
    /// <param name="host">The host name or address.</param>
    /// <param name="port">The TCP port.</param>
    /// <param name="timeout">How long to wait for the connection.</param>
    /// <param name="cancellationToken">Abandons the attempt.</param>
    /// <returns>The open link.</returns>
    /// <exception cref="DeviceConnectionException">The host could not be reached or refused the connection.</exception>
    /// <exception cref="DeviceTimeoutException">The connection was not made within <paramref name="timeout"/>.</exception>
    public static async Task<TcpDeviceLink> ConnectAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var description = DevicePortName.Parse($"socket://{(host.IndexOf(':') >= 0 ? "[" + host + "]" : host)}:{port}").Path;
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(host, out var literal) ? new[] { literal } : await Dns.GetHostAddressesAsync(host).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw new DeviceConnectionException(description, $"{description}: the host name '{host}' could not be resolved ({e.Message}).", e);
        }

        if (addresses.Length == 0)
        {
            throw new DeviceConnectionException(description, $"{description}: the host name '{host}' has no address.");
        }

        var address = addresses[0];
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            var connect = socket.ConnectAsync(address, port);
            var delay = Task.Delay(timeout, cancellationToken);
            if (await Task.WhenAny(connect, delay).ConfigureAwait(false) != connect)
            {
                socket.Dispose();
                _ = connect.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                cancellationToken.ThrowIfCancellationRequested();
                throw new DeviceTimeoutException(description, "connecting", timeout);
            }

            await connect.ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new DeviceConnectionException(description, $"{description} could not be opened: {e.Message}", e);
        }

        return new TcpDeviceLink(socket, description);
    }

    /// <inheritdoc/>
    public Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBuffer(buffer, offset, count);
        return Task.Run(() => Read(buffer, offset, count, cancellationToken), CancellationToken.None);
    }

    /// <inheritdoc/>
    public Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBuffer(buffer, offset, count);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfClosed();
        try
        {
            var sent = 0;
            while (sent < count)
            {
                sent += _socket.Send(buffer, offset + sent, count - sent, SocketFlags.None);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            _closed = true;
            throw new DeviceConnectionException(Description, $"The connection to {Description} failed while sending: {e.Message}", e);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _closed = true;
        _socket.Dispose();
    }

    private int Read(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ThrowIfClosed();
            try
            {
                if (!_socket.Poll(PollSliceMicroseconds, SelectMode.SelectRead))
                {
                    continue;
                }

                var received = _socket.Receive(buffer, offset, count, SocketFlags.None);
                if (received == 0)
                {
                    _closed = true;
                    throw new DeviceConnectionException(Description, $"{Description} closed the connection.");
                }

                return received;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                _closed = true;
                throw new DeviceConnectionException(Description, $"The connection to {Description} failed while receiving: {e.Message}", e);
            }
        }
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new DeviceConnectionException(Description, $"The connection to {Description} is closed.");
        }
    }

    internal static void ValidateBuffer(byte[] buffer, int offset, int count)
    {
        if (buffer is null)
        {
            throw new ArgumentNullException(nameof(buffer));
        }

        if (offset < 0 || count < 0 || offset + count > buffer.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(count), "The offset and count do not fit in the buffer.");
        }
    }
}
