using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MicroPythonRomfs.Module.Tests.Cli;

/// <summary>
/// A hostile board on a TCP port: the classic raw REPL (raw-paste refused), with every program's answer chosen by a
/// script. A script that answers <see langword="null"/> makes the board print without end until the host goes.
/// </summary>
internal sealed class ScriptedTcpBoard : IDisposable
{
    // The device probe's five lines: sys.implementation, sys.platform, the partition count, the unique id, sys.version.
    public const string ProbeAnswer = "(name='micropython', version=(1, 25, 0, ''), _machine='scripted', _mpy=6)\nlinux\n1\nNone\n3.4.0; MicroPython v1.25.0 on 2025-04-15";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<string, (string Out, string Err)?> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    public ScriptedTcpBoard(Func<string, (string Out, string Err)?> script)
    {
        _script = script;
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public string Port => "socket://127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>A board that answers the device probe and the partition library normally and everything else by <paramref name="partitions"/>.</summary>
    public static ScriptedTcpBoard WithPartitions(Func<string, (string Out, string Err)?> partitions) => new(code =>
        code.Contains("sys.implementation", StringComparison.Ordinal) ? (ProbeAnswer + "\r\n", string.Empty)
        : code.Contains("def _g(", StringComparison.Ordinal) ? (string.Empty, string.Empty)
        : partitions(code));

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            using (client)
            {
                try
                {
                    await ServeClientAsync(client.GetStream());
                }
                catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
                {
                }
            }
        }
    }

    private async Task ServeClientAsync(NetworkStream stream)
    {
        var buffer = new byte[4096];
        var code = new List<byte>();
        var raw = false;
        while (true)
        {
            var n = await stream.ReadAsync(buffer, _stop.Token);
            if (n == 0)
            {
                return;
            }

            for (var i = 0; i < n; i++)
            {
                var b = buffer[i];
                if (!raw)
                {
                    if (b == 0x01)
                    {
                        raw = true;
                        code.Clear();
                        await SendAsync(stream, "\r\nraw REPL; CTRL-B to exit\r\n>");
                    }

                    continue;
                }

                switch (b)
                {
                    case 0x01:
                        if (code.Count == 2 && code[0] == 0x05 && code[1] == (byte)'A')
                        {
                            code.Clear();
                            await SendAsync(stream, "R\0");
                            continue;
                        }

                        code.Clear();
                        await SendAsync(stream, "raw REPL; CTRL-B to exit\r\n>");
                        continue;
                    case 0x02:
                        raw = false;
                        continue;
                    case 0x03:
                        code.Clear();
                        continue;
                    case 0x04:
                        if (code.Count == 0)
                        {
                            await SendAsync(stream, "OK\r\nMPY: soft reboot\r\nraw REPL; CTRL-B to exit\r\n>");
                            continue;
                        }

                        var program = Encoding.UTF8.GetString(code.ToArray());
                        code.Clear();
                        await SendAsync(stream, "OK");
                        var answer = _script(program);
                        if (answer == null)
                        {
                            var flood = Encoding.ASCII.GetBytes(new string('x', 65536));
                            while (true)
                            {
                                await stream.WriteAsync(flood, _stop.Token);
                            }
                        }

                        await SendAsync(stream, answer.Value.Out.Replace("\n", "\r\n").Replace("\r\r\n", "\r\n") + "\x04" + answer.Value.Err + "\x04>");
                        continue;
                    default:
                        code.Add(b);
                        continue;
                }
            }
        }
    }

    private Task SendAsync(NetworkStream stream, string text) => stream.WriteAsync(Encoding.UTF8.GetBytes(text), _stop.Token).AsTask();
}
