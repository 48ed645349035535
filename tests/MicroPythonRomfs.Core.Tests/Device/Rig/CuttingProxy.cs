using System.Net;
using System.Net.Sockets;

namespace MicroPythonRomfs.Tests.Device.Rig;

/// <summary>
/// A loopback TCP proxy in front of a board served over TCP that cuts the link once the host has sent a given
/// number of bytes, as an unplugged cable would: a fault any board can be given, the upstream firmware included.
/// Each accepted connection is forwarded to a fresh connection to the board and counted on its own.
/// </summary>
public sealed class CuttingProxy : IDisposable
{
    private readonly TcpListener _listener;
    private readonly string _boardHost;
    private readonly int _boardPort;
    private readonly long _cutAfter;
    private readonly CancellationTokenSource _stop = new();
    private int _cuts;

    /// <summary>Starts forwarding to <paramref name="boardPort"/> (<c>socket://host:port</c>); cuts after <paramref name="cutAfter"/> host bytes.</summary>
    public CuttingProxy(string boardPort, long cutAfter)
    {
        var uri = new Uri(boardPort);
        _boardHost = uri.Host;
        _boardPort = uri.Port;
        _cutAfter = cutAfter;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = "socket://127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptLoopAsync();
    }

    /// <summary>The port to give the product instead of the board's.</summary>
    public string Port { get; }

    /// <summary>How many connections have been cut so far.</summary>
    public int Cuts => Volatile.Read(ref _cuts);

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient host;
            try
            {
                host = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ForwardAsync(host);
        }
    }

    private async Task ForwardAsync(TcpClient host)
    {
        using (host)
        using (var board = new TcpClient())
        {
            try
            {
                await board.ConnectAsync(_boardHost, _boardPort, _stop.Token);
                using var cut = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                var up = PumpAsync(host.GetStream(), board.GetStream(), _cutAfter, cut);
                var down = PumpAsync(board.GetStream(), host.GetStream(), long.MaxValue, cut);
                await Task.WhenAny(up, down);
                cut.Cancel();
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
            {
            }
        }
    }

    private async Task PumpAsync(Stream from, Stream to, long limit, CancellationTokenSource cut)
    {
        var buffer = new byte[4096];
        long total = 0;
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, cut.Token);
                if (read == 0)
                {
                    return;
                }

                var forward = (int)Math.Min(read, limit - total);
                await to.WriteAsync(buffer.AsMemory(0, forward), cut.Token);
                total += forward;
                if (total >= limit)
                {
                    Interlocked.Increment(ref _cuts);
                    return;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
    }
}
