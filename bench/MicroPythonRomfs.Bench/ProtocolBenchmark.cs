using System.Diagnostics;
using System.Globalization;
using System.Text;
using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.Bench;

/// <summary>
/// <c>protocol [--size BYTES] [--round-trips N] [--tcp]</c>: against the board emulator over a pty (or TCP), the
/// round trips per second of an empty exec, and the MB/s of pushing code through raw-paste and through the classic
/// raw REPL (mpremote's pacing: 256 bytes, then 10 ms).
/// </summary>
internal static class ProtocolBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var size = IntOption(args, "--size", 1 << 20);
        var roundTrips = IntOption(args, "--round-trips", 200);
        var pty = !args.Contains("--tcp");
        using var board = await EmulatorProcess.StartAsync(pty);
        Console.WriteLine($"board emulator over {(pty ? "a pty (POSIX serial link)" : "TCP")}: {board.Port}");

        using var device = await MicroPythonDevice.ConnectAsync(board.Port, new DeviceConnectionOptions { Timeout = TimeSpan.FromSeconds(30) }, CancellationToken.None);
        var session = device.Session;
        for (var i = 0; i < 10; i++)
        {
            await session.ExecAsync(string.Empty, CancellationToken.None);
        }

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < roundTrips; i++)
        {
            await session.ExecAsync(string.Empty, CancellationToken.None);
        }

        watch.Stop();
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "empty exec (raw-paste): {0} round trips in {1:0.000} s = {2:0.0} round trips/s", roundTrips, watch.Elapsed.TotalSeconds, roundTrips / watch.Elapsed.TotalSeconds));

        var code = MakeCode(size);
        var paste = await PushAsync(session, code);
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "push {0} bytes of code, raw-paste (window flow control): {1:0.000} s = {2:0.000} MB/s", code.Length, paste, code.Length / paste / 1e6));
        device.Disconnect();

        using var classicDevice = await MicroPythonDevice.ConnectAsync(board.Port, new DeviceConnectionOptions { Timeout = TimeSpan.FromSeconds(30), UseRawPaste = false }, CancellationToken.None);
        var classic = await PushAsync(classicDevice.Session, code);
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "push {0} bytes of code, classic raw REPL (256 B per 10 ms): {1:0.000} s = {2:0.000} MB/s", code.Length, classic, code.Length / classic / 1e6));
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "raw-paste is {0:0.0}x faster than the classic raw REPL here", classic / paste));
        return 0;
    }

    private static async Task<double> PushAsync(RawReplSession session, byte[] code)
    {
        var watch = Stopwatch.StartNew();
        var output = await session.ExecAsync(code, TimeSpan.FromMinutes(5), null, CancellationToken.None);
        watch.Stop();
        if (Encoding.ASCII.GetString(output).Trim() != "done")
        {
            throw new InvalidOperationException("unexpected output: " + Encoding.ASCII.GetString(output));
        }

        return watch.Elapsed.TotalSeconds;
    }

    // Comment lines cost the board almost nothing to compile, so the figure is the transfer, not the compiler.
    private static byte[] MakeCode(int size)
    {
        var builder = new StringBuilder(size + 64);
        var line = "# " + new string('x', 61) + "\n";
        while (builder.Length + line.Length + 16 < size)
        {
            builder.Append(line);
        }

        builder.Append('#', Math.Max(1, size - builder.Length - 14)).Append('\n');
        builder.Append("print('done')");
        return Encoding.ASCII.GetBytes(builder.ToString());
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
