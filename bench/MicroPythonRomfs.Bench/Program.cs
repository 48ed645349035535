namespace MicroPythonRomfs.Bench;

internal static class Program
{
    // One line per benchmark: name, what it measures, entry point.
    private static readonly (string Name, string Description, Func<string[], Task<int>> Run)[] Benchmarks =
    {
        ("protocol", "raw-REPL round trips/s and MB/s of code pushed (raw-paste vs classic) against the board emulator", ProtocolBenchmark.RunAsync),
    };

    private static async Task<int> Main(string[] args)
    {
        var match = Benchmarks.FirstOrDefault(b => args.Length > 0 && b.Name == args[0]);
        if (match.Name == null)
        {
            Console.WriteLine("usage: MicroPythonRomfs.Bench <benchmark> [options]");
            foreach (var benchmark in Benchmarks)
            {
                Console.WriteLine($"  {benchmark.Name,-10} {benchmark.Description}");
            }

            return args.Length == 0 ? 0 : 2;
        }

        return await match.Run(args.Skip(1).ToArray());
    }
}
