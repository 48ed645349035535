namespace MicroPythonRomfs.Bench;

internal static class Program
{
    private static int Main(string[] args)
    {
        Console.WriteLine("no benchmarks yet");
        return 0;
    }
}
