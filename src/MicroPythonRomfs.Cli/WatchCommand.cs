using System.CommandLine;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Mpy;
using MicroPythonRomfs.Partitions;
using MicroPythonRomfs.Romfs;
using MicroPythonRomfs.Watch;

namespace MicroPythonRomfs.Cli;

/// <summary>
/// <c>mpromfs watch --port P [-p N] [--run MODULE] [--delta-layout] [--transfer auto|binary|text] [--exclude PATTERN]...
/// [--no-mpy] [--compiler K] [--mpy-cross PATH] [--align N] [--debounce MS] &lt;folder&gt;</c>: the edit–run loop. Builds
/// and deploys the folder, soft-resets the board and runs the entry module, printing its output on standard output;
/// then redeploys and runs again after every saved change, with a one-line summary per change on standard error.
/// Ctrl-C stops it, leaving the board holding the last good image (exit code 0).
/// </summary>
internal static class WatchCommand
{
    public static Command Create(CliContext context, DeviceOptions device)
    {
        var source = new Argument<string>("folder") { Description = "The source folder to build, deploy and watch." };
        var partition = new Option<int>("--partition", "-p") { Description = "The partition to deploy to (default 0)." };
        var run = new Option<string?>("--run") { Description = "The module to import after each reset (default: main, when the image has main.py or main.mpy)." };
        var deltaLayout = new Option<bool>("--delta-layout") { Description = "Order the image so the files edited last come last: each edit rewrites fewer blocks, but the image differs from mpremote's." };
        var transfer = new Option<TransferMode>("--transfer") { Description = "How data travels: auto, binary or text.", DefaultValueFactory = _ => TransferMode.Auto };
        var noVerify = new Option<bool>("--no-verify") { Description = "Do not read the written blocks back (the whole image's hash is still checked)." };
        var build = new BuildOptions();
        var debounce = new Option<int>("--debounce") { Description = "Milliseconds the folder must stay quiet after a change before it is deployed.", DefaultValueFactory = _ => (int)WatchOptions.DefaultDebounce.TotalMilliseconds };
        var command = new Command("watch", "Deploy a folder, run it, and redeploy and rerun it after every saved change (Ctrl-C stops).")
        {
            source, partition, run, deltaLayout, transfer, noVerify, debounce,
        };
        build.AddTo(command);
        command.SetAction((result, cancellationToken) => context.GuardAsync(async () =>
        {
            var folder = result.GetValue(source)!;
            if (!Directory.Exists(folder))
            {
                context.Fail($"'{folder}' is not a folder.");
                return CliContext.Failure;
            }

            if (result.GetValue(debounce) is < 0 or > 60000)
            {
                context.Fail("--debounce takes 0 to 60000 milliseconds.");
                return CliContext.UsageError;
            }

            using var board = await device.ConnectAsync(result, context, new DeviceConnectionOptions(), cancellationToken).ConfigureAwait(false);
            if (board == null)
            {
                return CliContext.UsageError;
            }

            var target = board.Info.MpyValue is int mpy ? MpyVersionInfo.FromSysImplementation(mpy) : null;
            var buildOptions = await build.Request(result).ToBuildOptionsAsync(target, context, cancellationToken).ConfigureAwait(false);
            var options = new WatchOptions
            {
                SourceDirectory = folder,
                Partition = result.GetValue(partition),
                Run = result.GetValue(run),
                DeltaLayout = result.GetValue(deltaLayout),
                Debounce = TimeSpan.FromMilliseconds(result.GetValue(debounce)),
                Build = buildOptions,
                Deploy = new DeployOptions { Transfer = result.GetValue(transfer), Verify = !result.GetValue(noVerify) },
            };
            var session = new WatchSession(board, options, new ConsoleListener(context), context);
            lock (context.Sync)
            {
                context.Error.WriteLine($"mpromfs watch: watching {session.SourceDirectory} for {board.Port} partition {options.Partition}{(options.DeltaLayout ? " (delta-friendly layout: the image differs from mpremote's)" : string.Empty)}; Ctrl-C stops.");
            }

            await session.RunAsync(cancellationToken).ConfigureAwait(false);
            lock (context.Sync)
            {
                var last = session.LastGoodImage;
                context.Error.WriteLine(last == null
                    ? "mpromfs watch: stopped; nothing was deployed."
                    : $"mpromfs watch: stopped; {board.Port} holds the last good image (sha256 {RomfsImage.Parse(last).ComputeHash()}).");
            }

            return CliContext.Success;
        }));
        return command;
    }

    private sealed class ConsoleListener : IWatchListener
    {
        private readonly CliContext _context;

        public ConsoleListener(CliContext context) => _context = context;

        public void BoardOutput(string line)
        {
            lock (_context.Sync)
            {
                _context.Output.WriteLine(line);
                _context.Output.Flush();
            }
        }

        public void IterationCompleted(WatchIteration iteration)
        {
            lock (_context.Sync)
            {
                _context.Error.WriteLine("mpromfs watch: " + iteration);
                _context.Error.Flush();
            }
        }
    }
}
