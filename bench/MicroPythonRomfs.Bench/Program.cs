namespace MicroPythonRomfs.Bench;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "compile")
        {
            return await CompileBenchmark.RunAsync(args.Skip(1).ToArray());
        }

        Console.WriteLine("no benchmarks yet; try: compile [--mpy-cross PATH] [--corpus DIR]");
        return 0;
    }
}
