using System.Diagnostics;
using System.Globalization;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Partitions;
using MicroPythonRomfs.Reporting;
using MicroPythonRomfs.Tests;
using MicroPythonRomfs.Tests.Device.Emulator;

namespace MicroPythonRomfs.Bench;

/// <summary>
/// Full deploys of the big and basic vector images to the board emulator over the binary transfer (and the text
/// transfer with <c>text</c>), and of a compressible image (the basic tree's Python sources repeated to 300 KB), paced at 115200 and 921600 baud and
/// unpaced, then a read-back of the image (byte-stuffed, whatever the deploy used). Prints wall
/// time, bytes on the wire both ways, and the ratio of the raw image's time at that baud (10 bits a byte) to the
/// measured time: 1.0 is the link's capacity; above 1 means compression beat the wire.
/// </summary>
/// <remarks>
/// <c>deploy-binary [binary|text|both] [window] [baud...]</c>; the default is binary, window 1024, bauds 115200 921600 0.
/// </remarks>
internal static class BinaryDeployBenchmark
{
    private const string Compressible = "compressible";

    public static int Run(string[] args)
    {
        var modes = args.Length > 0 && args[0] == "text" ? new[] { TransferMode.Text }
            : args.Length > 0 && args[0] == "both" ? new[] { TransferMode.Binary, TransferMode.Text }
            : new[] { TransferMode.Binary };
        var window = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : PartitionWriter.DefaultBinaryWindow;
        var bauds = args.Length > 2 ? args.Skip(2).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : new[] { 115200, 921600, 0 };
        Console.WriteLine($"window {window} bytes");
        Console.WriteLine("image            link          transfer      what     seconds   sent B   recv B  raw-time/measured");
        foreach (var baud in bauds)
        {
            foreach (var name in new[] { "basic.mpy.romfs", "big.mpy.romfs", Compressible })
            {
                foreach (var mode in modes)
                {
                    RunOne(name, baud, mode, window, readBack: mode == modes[0]).GetAwaiter().GetResult();
                }
            }
        }

        return 0;
    }

    private static async Task RunOne(string name, int baud, TransferMode mode, int window, bool readBack)
    {
        var image = name == Compressible ? await CompressibleImageAsync() : File.ReadAllBytes(TestPaths.VectorImage(name));
        var arguments = new List<string> { "--partition", "524288", "--partition", "65536" };
        if (baud > 0)
        {
            arguments.AddRange(new[] { "--baud", baud.ToString(CultureInfo.InvariantCulture) });
        }

        using var board = await BoardEmulator.StartTcpAsync(arguments.ToArray());
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, new DeviceConnectionOptions { Timeout = TimeSpan.FromSeconds(30) }, CancellationToken.None);
        var link = baud > 0 ? $"{baud} baud" : "unpaced";
        var stopwatch = Stopwatch.StartNew();
        var result = await new PartitionWriter(device.Session).DeployAsync(image, 0, new DeployOptions { Full = true, Transfer = mode, BinaryWindow = window, Verify = true }, CancellationToken.None)
            ?? throw new InvalidOperationException("The deploy was declined.");
        Print(name, link, result.Transfer, "deploy", stopwatch.Elapsed, result.BytesSent, result.BytesReceived, image.Length, baud);

        if (!readBack)
        {
            return;
        }

        var reader = new PartitionReader(device.Session);
        var sent = device.Session.BytesSent;
        var received = device.Session.BytesReceived;
        stopwatch.Restart();
        var back = await reader.ReadImageAsync(0, NullOperationReporter.Instance, CancellationToken.None);
        var elapsed = stopwatch.Elapsed;
        if (!back.AsSpan().SequenceEqual(image))
        {
            throw new InvalidOperationException("The image read back differs.");
        }

        Print(name, link, "stuffed", "read", elapsed, device.Session.BytesSent - sent, device.Session.BytesReceived - received, image.Length, baud);
    }

    private static async Task<byte[]> CompressibleImageAsync()
    {
        var sources = Directory.GetFiles(TestPaths.VectorTree("basic"), "*.py", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal).SelectMany(File.ReadAllBytes).ToArray();
        var text = new List<byte>();
        while (text.Count < 300_000)
        {
            text.AddRange(sources);
        }

        var items = new List<MicroPythonRomfs.Romfs.RomfsSourceItem> { MicroPythonRomfs.Romfs.RomfsSourceItem.ForBytes("lib/text.py", text.Take(300_000).ToArray()) };
        return await MicroPythonRomfs.Romfs.RomfsBuilder.BuildAsync(items, new MicroPythonRomfs.Romfs.RomfsBuildOptions { CompileMpy = false }, CancellationToken.None);
    }

    private static void Print(string name, string link, string transfer, string what, TimeSpan elapsed, long sent, long received, int imageLength, int baud)
    {
        var ratio = baud > 0 ? (imageLength * 10.0 / baud / elapsed.TotalSeconds).ToString("F2", CultureInfo.InvariantCulture) : $"({imageLength / elapsed.TotalSeconds / 1000:F0} kB/s)";
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-16} {1,-13} {2,-13} {3,-7} {4,8:F2} {5,8} {6,8} {7,18}", name, link, transfer, what, elapsed.TotalSeconds, sent, received, ratio));
    }
}
