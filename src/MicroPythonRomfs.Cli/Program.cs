using System.Reflection;
using System.Runtime.InteropServices;

namespace MicroPythonRomfs.Cli;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        if (args.Length == 1 && args[0] == "--version")
        {
            // What System.CommandLine prints for --version, without building the command tree first (start-up is
            // what scripts that probe the tool wait for).
            Console.Out.WriteLine(typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0");
            return 0;
        }

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        // A service manager, `timeout` or `docker stop` ends a watch with SIGTERM: the first one stops the command as
        // Ctrl+C does (a watch leaves the board holding the last good image); a second one ends the process at once.
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            if (!cancellation.IsCancellationRequested)
            {
                context.Cancel = true;
                cancellation.Cancel();
            }
        });
        try
        {
            return await MpromfsApp.RunAsync(args, Console.Out, Console.Error, cancellation.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The last resort: one line, never a stack trace.
            Console.Error.WriteLine($"mpromfs: internal error, a bug in mpromfs (please report it): {ex.GetType().FullName}: {ex.Message}".Replace('\n', ' '));
            return CliContext.Failure;
        }
    }
}
