using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Security;
using System.Text;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Partitions;
using MicroPythonRomfs.Romfs;
using MicroPythonRomfs.Tests;
using MicroPythonRomfs.Tests.Device.Rig;

namespace MicroPythonRomfs.Bench;

/// <summary>
/// Deploys the shared vector images to upstream firmware (the rig) over WebREPL and, beside it, over TCP to the
/// raw REPL: a full deploy, then the same image with one small file changed. Prints seconds, REPL bytes sent,
/// and for WebREPL the bytes on the socket (websocket framing included). Then measures WebREPL's own binary file
/// protocol ('WA' put) carrying the same image into a file, to compare with the REPL's binary frames.
/// </summary>
internal static class WebReplBenchmark
{
    private const string Password = "secret";

    public static int Run(string[] args)
    {
        var names = args.Length > 0 ? args : new[] { "basic.mpy.romfs", "big.mpy.romfs" };
        Console.WriteLine("image            link            deploy            seconds   sent B  wire B  blocks w/s");
        foreach (var name in names)
        {
            RunOneAsync(name).GetAwaiter().GetResult();
        }

        Console.WriteLine();
        Console.WriteLine("image            WebREPL file protocol put (to a file, not flash)   seconds   bytes");
        foreach (var name in names)
        {
            PutFileAsync(name).GetAwaiter().GetResult();
        }

        return 0;
    }

    private static async Task RunOneAsync(string name)
    {
        var image = File.ReadAllBytes(TestPaths.VectorImage(name));
        var changed = await DeployBenchmark.ChangeOneSmallFileAsync(image);
        var options = new UpstreamBoardOptions { Rom0Size = 524288 };
        using (var board = await UpstreamBoard.StartPtyAsync(options with { WebRepl = true, WebReplPassword = Password, HeapKb = 65536, DrainConsole = true }))
        {
            await DeployTwiceAsync(name, "WebREPL", board.WebReplUrl!, image, changed);
        }

        using (var board = await UpstreamBoard.StartTcpAsync(options))
        {
            await DeployTwiceAsync(name, "TCP raw REPL", board.Port, image, changed);
        }
    }

    private static async Task DeployTwiceAsync(string name, string link, string port, byte[] image, byte[] changed)
    {
        using var device = await MicroPythonDevice.ConnectAsync(port, new DeviceConnectionOptions { Timeout = TimeSpan.FromSeconds(30), Password = Secure(Password) }, CancellationToken.None);
        var writer = new PartitionWriter(device.Session);
        await Timed(name, link, "full", device, () => writer.DeployAsync(image, 0, new DeployOptions { Full = true }, CancellationToken.None));
        await Timed(name, link, "one file changed", device, () => writer.DeployAsync(changed, 0, null, CancellationToken.None));
    }

    private static async Task Timed(string name, string link, string what, MicroPythonDevice device, Func<Task<DeployResult?>> deploy)
    {
        var wireBefore = (device.Session.Link as WebReplLink)?.WireBytesSent;
        var stopwatch = Stopwatch.StartNew();
        var result = await deploy() ?? throw new InvalidOperationException("The deploy was declined.");
        var elapsed = stopwatch.Elapsed;
        var wire = (device.Session.Link as WebReplLink)?.WireBytesSent - wireBefore;
        Console.WriteLine(string.Format(
            CultureInfo.InvariantCulture,
            "{0,-16} {1,-15} {2,-16} {3,8:F2} {4,8} {5,7} {6,6}/{7,-3}",
            name,
            link,
            what,
            elapsed.TotalSeconds,
            result.BytesSent,
            wire?.ToString(CultureInfo.InvariantCulture) ?? "-",
            result.BlocksWritten,
            result.BlocksSkipped));
    }

    // The 'WA' put of upstream's modwebrepl.c: an 82-byte header in a binary frame, "WB\0\0", the file's bytes in
    // binary frames, "WB\0\0" again.
    private static async Task PutFileAsync(string name)
    {
        var image = File.ReadAllBytes(TestPaths.VectorImage(name));
        using var board = await UpstreamBoard.StartPtyAsync(new UpstreamBoardOptions { WebRepl = true, WebReplPassword = Password, HeapKb = 65536, DrainConsole = true });
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(board.WebReplUrl!), CancellationToken.None);
        await ReceiveUntilAsync(socket, "Password: ");
        await socket.SendAsync(Encoding.ASCII.GetBytes(Password + "\r"), WebSocketMessageType.Text, true, CancellationToken.None);
        await ReceiveUntilAsync(socket, "WebREPL connected");

        var stopwatch = Stopwatch.StartNew();
        var header = new byte[82];
        header[0] = (byte)'W';
        header[1] = (byte)'A';
        header[2] = 1;
        BitConverter.GetBytes((uint)image.Length).CopyTo(header, 12);
        var fileName = Encoding.ASCII.GetBytes("bench.romfs");
        BitConverter.GetBytes((ushort)fileName.Length).CopyTo(header, 16);
        fileName.CopyTo(header, 18);
        await socket.SendAsync(header, WebSocketMessageType.Binary, true, CancellationToken.None);
        await ReceiveUntilAsync(socket, "WB\0\0");
        for (var offset = 0; offset < image.Length; offset += 1024)
        {
            await socket.SendAsync(new ArraySegment<byte>(image, offset, Math.Min(1024, image.Length - offset)), WebSocketMessageType.Binary, true, CancellationToken.None);
        }

        await ReceiveUntilAsync(socket, "WB\0\0");
        var elapsed = stopwatch.Elapsed;
        var stored = File.ReadAllBytes(Path.Combine(board.FlashDir, "fs", "bench.romfs"));
        if (!stored.AsSpan().SequenceEqual(image))
        {
            throw new InvalidOperationException("The file the board stored differs from the image sent.");
        }

        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-16} {1,-50} {2,8:F2} {3,7}", name, "put " + image.Length + " bytes", elapsed.TotalSeconds, image.Length + 82));
    }

    private static async Task ReceiveUntilAsync(ClientWebSocket socket, string marker)
    {
        var seen = new StringBuilder();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (seen.ToString().IndexOf(marker, StringComparison.Ordinal) < 0)
        {
            var received = await socket.ReceiveAsync(buffer, timeout.Token);
            seen.Append(Encoding.Latin1.GetString(buffer, 0, received.Count));
        }
    }

    private static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (var c in text)
        {
            secure.AppendChar(c);
        }

        secure.MakeReadOnly();
        return secure;
    }
}
