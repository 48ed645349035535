namespace MicroPythonRomfs.Bench;

internal static class Program
{
    // One entry per benchmark: `dotnet run -c Release --project bench/MicroPythonRomfs.Bench -- <name> [args]`.
    private static readonly Dictionary<string, Func<string[], int>> Benchmarks = new(StringComparer.OrdinalIgnoreCase)
    {
        ["build"] = BuildBenchmark.Run,
        ["deploy"] = DeployBenchmark.Run,
        ["deploy-binary"] = BinaryDeployBenchmark.Run,
        ["compile"] = args => CompileBenchmark.RunAsync(args).GetAwaiter().GetResult(),
        ["protocol"] = args => ProtocolBenchmark.RunAsync(args).GetAwaiter().GetResult(),
        ["managed-compile"] = ManagedCompileBenchmark.Run,
        ["fleet"] = FleetBenchmark.Run,
        ["peers"] = PeersBenchmark.Run,
        ["wire"] = WireBenchmark.Run,
        ["watch"] = WatchBenchmark.Run,
        ["webrepl"] = WebReplBenchmark.Run,
    };

    private static int Main(string[] args)
    {
        if (args.Length == 0 || !Benchmarks.TryGetValue(args[0], out var benchmark))
        {
            Console.Error.WriteLine("usage: MicroPythonRomfs.Bench <benchmark> [args]; benchmarks: " + string.Join(", ", Benchmarks.Keys));
            return 2;
        }

        return benchmark(args.Skip(1).ToArray());
    }
}
