using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MicroPythonRomfs.Bench;

/// <summary>
/// A loopback TCP relay that paces both directions like a UART at a given baud rate (10 bits per byte), so a board
/// served over TCP (the upstream rig) is measured as if it sat behind a serial link. One client at a time.
/// </summary>
internal sealed class PacedRelay : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _host;
    private readonly int _port;
    private readonly double _bytesPerSecond;
    private readonly CancellationTokenSource _stop = new();

    public PacedRelay(string upstreamPort, int baud)
    {
        var address = upstreamPort.Substring("socket://".Length);
        _host = address.Substring(0, address.LastIndexOf(':'));
        _port = int.Parse(address.Substring(address.LastIndexOf(':') + 1), System.Globalization.CultureInfo.InvariantCulture);
        _bytesPerSecond = baud / 10.0;
        _listener.Start();
        _ = AcceptAsync();
    }

    public string Port => "socket://127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var board = new TcpClient { NoDelay = true };
            await board.ConnectAsync(_host, _port);
            client.NoDelay = true;
            _ = Task.WhenAny(PumpAsync(client.GetStream(), board.GetStream()), PumpAsync(board.GetStream(), client.GetStream()))
                .ContinueWith(_ =>
                {
                    client.Dispose();
                    board.Dispose();
                }, TaskScheduler.Default);
        }
    }

    // Sends each byte no earlier than a UART would have finished sending the bytes before it.
    private async Task PumpAsync(NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[4096];
        var clock = Stopwatch.StartNew();
        double lineFreeAt = 0;
        try
        {
            while (true)
            {
                var n = await from.ReadAsync(buffer, _stop.Token);
                if (n == 0)
                {
                    return;
                }

                for (var start = 0; start < n; start += 32)
                {
                    var count = Math.Min(32, n - start);
                    lineFreeAt = Math.Max(lineFreeAt, clock.Elapsed.TotalSeconds) + (count / _bytesPerSecond);
                    var wait = lineFreeAt - clock.Elapsed.TotalSeconds;
                    if (wait > 0.001)
                    {
                        await Task.Delay(TimeSpan.FromSeconds(wait), _stop.Token);
                    }

                    await to.WriteAsync(buffer.AsMemory(start, count), _stop.Token);
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }
}
