using System.Diagnostics;
using System.Globalization;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Partitions;
using MicroPythonRomfs.Romfs;
using MicroPythonRomfs.Tests;
using MicroPythonRomfs.Tests.Device.Emulator;

namespace MicroPythonRomfs.Bench;

/// <summary>
/// Deploys the big and basic vector images to the board emulator, unpaced and paced like a UART: a full deploy,
/// then the same image with one small file changed (incremental). Prints wall time and bytes on the wire, beside
/// upstream mpremote's recorded figures.
/// </summary>
internal static class DeployBenchmark
{
    private static readonly Dictionary<string, long> UpstreamBytesSent = new()
    {
        ["big.mpy.romfs"] = 412_072,
        ["basic.mpy.romfs"] = 3_240,
    };

    public static int Run(string[] args)
    {
        var bauds = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : new[] { 0, 115200 };
        Console.WriteLine("image            link          deploy        seconds   sent B   recv B  blocks w/s  upstream sent B");
        foreach (var baud in bauds)
        {
            foreach (var name in new[] { "basic.mpy.romfs", "big.mpy.romfs" })
            {
                RunOne(name, baud).GetAwaiter().GetResult();
            }
        }

        return 0;
    }

    private static async Task RunOne(string name, int baud)
    {
        var image = File.ReadAllBytes(TestPaths.VectorImage(name));
        var changed = await ChangeOneSmallFileAsync(image);
        var arguments = new List<string> { "--partition", "524288", "--partition", "65536" };
        if (baud > 0)
        {
            arguments.AddRange(new[] { "--baud", baud.ToString(CultureInfo.InvariantCulture) });
        }

        using var board = await BoardEmulator.StartTcpAsync(arguments.ToArray());
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, new DeviceConnectionOptions { Timeout = TimeSpan.FromSeconds(30) }, CancellationToken.None);
        var writer = new PartitionWriter(device.Session);
        var link = baud > 0 ? $"{baud} baud" : "unpaced";
        Print(name, link, "full", await Timed(() => writer.DeployAsync(image, 0, new DeployOptions { Full = true }, CancellationToken.None)), UpstreamBytesSent[name]);
        Print(name, link, "one file changed", await Timed(() => writer.DeployAsync(changed, 0, null, CancellationToken.None)), null);
    }

    private static async Task<(DeployResult Result, TimeSpan Elapsed)> Timed(Func<Task<DeployResult?>> deploy)
    {
        var stopwatch = Stopwatch.StartNew();
        var result = await deploy() ?? throw new InvalidOperationException("The deploy was declined.");
        return (result, stopwatch.Elapsed);
    }

    private static void Print(string name, string link, string what, (DeployResult Result, TimeSpan Elapsed) run, long? upstream)
    {
        var r = run.Result;
        Console.WriteLine(string.Format(
            CultureInfo.InvariantCulture,
            "{0,-16} {1,-13} {2,-16} {3,7:F2} {4,8} {5,8} {6,6}/{7,-3} {8,15}",
            name,
            link,
            what,
            run.Elapsed.TotalSeconds,
            r.BytesSent,
            r.BytesReceived,
            r.BlocksWritten,
            r.BlocksSkipped,
            upstream?.ToString(CultureInfo.InvariantCulture) ?? "-"));
    }

    /// <summary>Rebuilds the image with one byte of its smallest Python module changed, keeping every length.</summary>
    internal static async Task<byte[]> ChangeOneSmallFileAsync(byte[] image)
    {
        var parsed = RomfsImage.Parse(image);
        var files = parsed.Entries.Where(e => e.Kind == RomfsEntryKind.File).ToList();
        var target = files.Where(e => e.Name.EndsWith(".mpy", StringComparison.Ordinal) || e.Name.EndsWith(".py", StringComparison.Ordinal)).OrderBy(e => e.Length).First();
        var items = new List<RomfsSourceItem>();
        foreach (var entry in parsed.Entries)
        {
            if (entry.Kind == RomfsEntryKind.Directory)
            {
                items.Add(RomfsSourceItem.ForDirectory(entry.Path));
                continue;
            }

            var data = parsed.GetData(entry).ToArray();
            if (entry.Path == target.Path)
            {
                data[data.Length - 1] ^= 0x01;
            }

            items.Add(RomfsSourceItem.ForBytes(entry.Path, data));
        }

        return await RomfsBuilder.BuildAsync(items, new RomfsBuildOptions { CompileMpy = false }, CancellationToken.None);
    }
}
