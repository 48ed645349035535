using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Partitions;
using MicroPythonRomfs.Tests;

namespace MicroPythonRomfs.Bench;

/// <summary>
/// <c>wire [baud]</c>: deploys every vector image that fits to the upstream rig board (../shared/rig), with upstream
/// mpremote and with this project, side by side, and counts every byte the host sends to the board. Each run gets a
/// fresh board process and blank flash behind a socat pseudo-terminal, relayed through this process, which paces both
/// directions like a UART (10 bits a byte) and counts. Prints a table, and the link use of the full deploy of
/// big.mpy.romfs by wall clock (host-to-board bytes over what the link carries from opening the port to closing it).
/// </summary>
internal static class WireBenchmark
{
    private const int Rom0Size = 524288;

    public static int Run(string[] args)
    {
        var baud = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 115200;
        var rig = Path.GetFullPath(Path.Combine(TestPaths.RepoRoot, "..", "shared", "rig", "bin"));
        if (!File.Exists(Path.Combine(rig, "micropython-romfs")) || !File.Exists(Path.Combine(rig, "mpremote")))
        {
            Console.Error.WriteLine($"wire: the upstream rig was not found at {rig} (board and mpremote needed).");
            return 2;
        }

        Console.WriteLine($"# host-to-board bytes, full deploy to blank flash, upstream rig board (partition 0 of {Rom0Size:N0} bytes) behind a socat pty paced at {baud} baud");
        Console.WriteLine($"# command: dotnet run -c Release --project bench/MicroPythonRomfs.Bench -- wire {baud}");
        Console.WriteLine("| image | size | mpremote bytes | mpremote s | mpromfs bytes | mpromfs s | fewer | identical |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |");
        var images = Directory.GetFiles(Path.Combine(TestPaths.Vectors, "images"), "*.romfs").OrderBy(p => p, StringComparer.Ordinal).ToList();
        var allFewer = true;
        foreach (var path in images)
        {
            var image = File.ReadAllBytes(path);
            if (image.Length > Rom0Size)
            {
                Console.WriteLine($"| {Path.GetFileName(path)} | {image.Length:N0} | does not fit | | | | | |");
                continue;
            }

            var upstream = RunAsync(rig, baud, image, tty => MpremoteAsync(rig, tty, path)).GetAwaiter().GetResult();
            var ours = RunAsync(rig, baud, image, tty => OursAsync(tty, image, full: false)).GetAwaiter().GetResult();
            var fewer = ours.Sent < upstream.Sent;
            allFewer &= fewer;
            Console.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                "| {0} | {1:N0} | {2:N0} | {3:F2} | {4:N0} | {5:F2} | {6} | {7} |",
                Path.GetFileName(path),
                image.Length,
                upstream.Sent,
                upstream.Seconds,
                ours.Sent,
                ours.Seconds,
                fewer ? "yes" : "NO",
                upstream.Identical && ours.Identical ? "yes" : $"NO (mpremote {upstream.Identical}, mpromfs {ours.Identical})"));
        }

        var big = File.ReadAllBytes(Path.Combine(TestPaths.Vectors, "images", "big.mpy.romfs"));
        var full = RunAsync(rig, baud, big, tty => OursAsync(tty, big, full: true)).GetAwaiter().GetResult();
        var capacity = baud / 10.0;
        Console.WriteLine();
        Console.WriteLine(string.Format(
            CultureInfo.InvariantCulture,
            "big.mpy.romfs --full: {0:N0} bytes to the board in {1:F2} s from opening the port to closing it: {2:P1} of the link's {3:N0} B/s (image bytes alone: {4:P1}); identical: {5}",
            full.Sent,
            full.Seconds,
            full.Sent / (full.Seconds * capacity),
            capacity,
            big.Length / (full.Seconds * capacity),
            full.Identical ? "yes" : "NO"));
        Console.WriteLine(allFewer ? "mpromfs sent fewer bytes than mpremote on every image that fits." : "mpromfs sent MORE bytes than mpremote on some image.");
        return allFewer && full.Identical ? 0 : 1;
    }

    // mpremote as users run it: a process of its own; its time is the process's.
    private static async Task MpremoteAsync(string rig, string tty, string imagePath)
    {
        using var process = Process.Start(new ProcessStartInfo(Path.Combine(rig, "mpremote"))
        {
            ArgumentList = { "connect", tty, "romfs", "deploy", imagePath },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"mpremote failed: {await output.ConfigureAwait(false)} {await error.ConfigureAwait(false)}");
        }
    }

    // This project as mpromfs deploy runs it: connect (with the soft reset), deploy, close.
    private static async Task OursAsync(string tty, byte[] image, bool full)
    {
        using var device = await MicroPythonDevice.ConnectAsync(tty, null, CancellationToken.None).ConfigureAwait(false);
        await BoardPartitions.PublishAsync(device, image, 0, new DeployOptions { Full = full }, false, null, CancellationToken.None).ConfigureAwait(false);
    }

    private static async Task<(long Sent, double Seconds, bool Identical)> RunAsync(string rig, int baud, byte[] image, Func<string, Task> deploy)
    {
        var flash = Path.Combine(Path.GetTempPath(), "mpromfs-wire-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(flash);
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var tty = Path.Combine(flash, "tty");
        using var socat = Process.Start(new ProcessStartInfo("socat")
        {
            ArgumentList = { $"pty,rawer,link={tty}", $"TCP:127.0.0.1:{port}" },
            UseShellExecute = false,
        })!;
        try
        {
            using var client = await listener.AcceptTcpClientAsync().ConfigureAwait(false);
            client.NoDelay = true;
            var start = new ProcessStartInfo(Path.Combine(rig, "micropython-romfs"))
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            start.Environment["RIG_FLASH_DIR"] = flash;
            start.Environment["RIG_ROM0_SIZE"] = Rom0Size.ToString(CultureInfo.InvariantCulture);
            using var board = Process.Start(start)!;
            var link = client.GetStream();
            var counter = new long[1];
            using var stop = new CancellationTokenSource();
            var toBoard = PaceAsync(link, board.StandardInput.BaseStream, baud, counter, stop.Token);
            var toHost = PaceAsync(board.StandardOutput.BaseStream, link, baud, null, stop.Token);
            while (!File.Exists(tty))
            {
                await Task.Delay(10).ConfigureAwait(false);
            }

            var clock = Stopwatch.StartNew();
            await deploy(tty).ConfigureAwait(false);
            var seconds = clock.Elapsed.TotalSeconds;

            // Let the last bytes (the raw REPL exit) through before reading the count and the flash.
            await Task.Delay(300).ConfigureAwait(false);
            var sent = Interlocked.Read(ref counter[0]);
            stop.Cancel();
            board.Kill();
            board.WaitForExit();
            var rom = File.ReadAllBytes(Path.Combine(flash, "rom0.bin"));
            var identical = rom.AsSpan(0, image.Length).SequenceEqual(image);
            _ = toBoard.ContinueWith(t => t.Exception, TaskScheduler.Default);
            _ = toHost.ContinueWith(t => t.Exception, TaskScheduler.Default);
            return (sent, seconds, identical);
        }
        finally
        {
            listener.Stop();
            if (!socat.HasExited)
            {
                socat.Kill();
            }

            socat.WaitForExit();
            try
            {
                Directory.Delete(flash, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    // Copies like a UART at the given baud: each byte leaves no earlier than its slot (10 bits), so bursts cannot
    // outrun the link. Counts what it copies when asked.
    private static async Task PaceAsync(Stream from, Stream to, int baud, long[]? counter, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        var bytesPerSecond = baud / 10.0;
        var clock = Stopwatch.StartNew();
        double due = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var n = await from.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return;
            }

            due = Math.Max(due, clock.Elapsed.TotalSeconds);
            for (var offset = 0; offset < n;)
            {
                var piece = Math.Min(16, n - offset);
                due += piece / bytesPerSecond;
                var wait = due - clock.Elapsed.TotalSeconds;
                if (wait > 0.002)
                {
                    await Task.Delay(TimeSpan.FromSeconds(wait - 0.001), cancellationToken).ConfigureAwait(false);
                }

                while (clock.Elapsed.TotalSeconds < due - 0.0005)
                {
                    Thread.SpinWait(50);
                }

                await to.WriteAsync(buffer, offset, piece, cancellationToken).ConfigureAwait(false);
                await to.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (counter != null)
                {
                    Interlocked.Add(ref counter[0], piece);
                }

                offset += piece;
            }
        }
    }
}
