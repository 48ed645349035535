using System.Diagnostics;
using System.Globalization;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Fleet;
using MicroPythonRomfs.Partitions;
using MicroPythonRomfs.Tests;
using MicroPythonRomfs.Tests.Device.Emulator;

namespace MicroPythonRomfs.Bench;

/// <summary>
/// <c>fleet [--image NAME] [--baud N] [--boards 1,2,4]</c>: deploys one vector image (full rewrite) to 1, 2 and 4
/// fresh emulator boards at once, paced like a UART (115200 baud by default), and prints the wall time of each
/// fleet deploy and its ratio to one board (<c>--baud 0</c>: unpaced). Target: 4 boards take at most 1.3 times one.
/// </summary>
internal static class FleetBenchmark
{
    public static int Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(string[] args)
    {
        var name = Option(args, "--image") ?? "big.mpy.romfs";
        var baud = int.Parse(Option(args, "--baud") ?? "115200", CultureInfo.InvariantCulture);
        var counts = (Option(args, "--boards") ?? "1,2,4").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();
        var image = File.ReadAllBytes(TestPaths.VectorImage(name));
        Console.WriteLine($"fleet deploy of {name} ({image.Length:N0} bytes), full rewrite, emulator boards {(baud > 0 ? $"paced at {baud} baud" : "unpaced")}, {Environment.ProcessorCount} cores");
        Console.WriteLine("boards  wall s  ratio  per-board s (min..max)  sent B/board  all verified");
        double? single = null;
        foreach (var count in counts)
        {
            var arguments = baud > 0 ? new[] { "--partition", "524288", "--baud", baud.ToString(CultureInfo.InvariantCulture) } : new[] { "--partition", "524288" };
            var emulators = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => BoardEmulator.StartTcpAsync(arguments)));
            var devices = await Task.WhenAll(emulators.Select(e => MicroPythonDevice.ConnectAsync(e.Port, new DeviceConnectionOptions { Timeout = TimeSpan.FromSeconds(30) }, CancellationToken.None)));
            try
            {
                var watch = Stopwatch.StartNew();
                var results = await FleetDeployment.PublishAsync(devices.Select(d => new DeployTarget(d, 0)).ToList(), image, new DeployOptions { Full = true }, false, null, null, CancellationToken.None);
                var wall = watch.Elapsed.TotalSeconds;
                single ??= wall;
                Console.WriteLine(string.Format(
                    CultureInfo.InvariantCulture,
                    "{0,6} {1,7:F2} {2,6:F2}  {3,9:F2}..{4,-9:F2}     {5,12}  {6}",
                    count,
                    wall,
                    wall / single.Value,
                    results.Min(r => r.Duration.TotalSeconds),
                    results.Max(r => r.Duration.TotalSeconds),
                    results.Max(r => r.BytesSent),
                    results.Count == count && results.All(r => r.Succeeded && r.Verified) ? "yes" : "NO: " + string.Join("; ", results.Where(r => !r.Succeeded).Select(r => r.Error))));
            }
            finally
            {
                foreach (var device in devices)
                {
                    device.Dispose();
                }

                foreach (var emulator in emulators)
                {
                    emulator.Dispose();
                }
            }
        }

        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
