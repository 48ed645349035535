namespace MicroPythonRomfs.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        Console.Error.WriteLine("mpromfs: no commands yet");
        return 2;
    }
}
