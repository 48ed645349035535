using System.CommandLine;
using System.Globalization;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Fleet;
using MicroPythonRomfs.Mpy;
using MicroPythonRomfs.Partitions;
using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.Cli;

/// <summary>
/// <c>mpromfs deploy --port P [-p N] [--full] [--no-verify] [--transfer auto|binary|text] [--reset] [--no-mpy] [--mpy-cross PATH] &lt;image|folder&gt;</c>:
/// deploys an image file, or a folder built first (compiled for the board's architecture), and prints one line
/// saying what was written. Exit code 1 whenever anything failed, with what the partition now holds. With --port
/// given several times (or --all), deploys to every board in parallel: one line per board prefixed by its port, and
/// a summary line.
/// </summary>
internal static class DeployCommand
{
    public static Command Create(CliContext context, DeviceOptions device)
    {
        var source = new Argument<string>("source") { Description = "An image file, or a folder to build first." };
        var partition = new Option<int>("--partition", "-p") { Description = "The partition to deploy to (default 0)." };
        var full = new Option<bool>("--full") { Description = "Rewrite every block instead of only those that differ." };
        var noVerify = new Option<bool>("--no-verify") { Description = "Do not read the written blocks back to check them." };
        var transfer = new Option<TransferMode>("--transfer") { Description = "How data travels: auto (binary frames where the board can take them, else text), binary or text.", DefaultValueFactory = _ => TransferMode.Auto };
        var reset = new Option<bool>("--reset") { Description = "Soft-reset the board afterwards so it mounts the new image." };
        var build = new BuildOptions();
        var command = new Command("deploy", "Deploy an image (or a folder, built first) to a ROM partition, writing only the blocks that differ.") { source, partition, full, noVerify, transfer, reset };
        build.AddTo(command);
        command.SetAction((result, cancellationToken) => context.GuardAsync(async () =>
        {
            if (device.IsFleet(result))
            {
                return await DeployToFleetAsync(result, context, device, source, partition, full, noVerify, transfer, reset, build, cancellationToken).ConfigureAwait(false);
            }

            // The figures printed are the whole session's: every byte written to the port, wall clock from opening it
            // to closing it (the board is closed before the line is printed).
            var clock = System.Diagnostics.Stopwatch.StartNew();
            DeployResult deployed;
            RawReplSession session;
            using (var board = await device.ConnectAsync(result, context, new DeviceConnectionOptions(), cancellationToken).ConfigureAwait(false))
            {
                if (board == null)
                {
                    return CliContext.UsageError;
                }

                session = board.Session;
                var path = result.GetValue(source)!;
                var buildOptions = Directory.Exists(path) ? await build.Request(result).ToBuildOptionsAsync(Target(board.Info.MpyValue), context, cancellationToken).ConfigureAwait(false) : null;

                var image = await BoardPartitions.LoadImageAsync(path, buildOptions, cancellationToken).ConfigureAwait(false);
                var options = new DeployOptions { Full = result.GetValue(full), Verify = !result.GetValue(noVerify), Transfer = result.GetValue(transfer) };
                deployed = (await BoardPartitions.PublishAsync(board, image, result.GetValue(partition), options, result.GetValue(reset), context, cancellationToken).ConfigureAwait(false))!;
            }

            context.Output.WriteLine(Describe(deployed.WithLinkTotals(session.BytesSent, session.BytesReceived, clock.Elapsed)));
            return CliContext.Success;
        }));
        return command;
    }

    /// <summary>
    /// Many boards: all connected in parallel, the image built or read once (compiled for the boards' .mpy target,
    /// which they must share), then deployed to every board in parallel; one line per board and a summary.
    /// </summary>
    private static async Task<int> DeployToFleetAsync(ParseResult result, CliContext context, DeviceOptions device, Argument<string> source, Option<int> partition, Option<bool> full, Option<bool> noVerify, Option<TransferMode> transfer, Option<bool> reset, BuildOptions build, CancellationToken cancellationToken)
    {
        var ports = device.ResolvePorts(result, context);
        if (ports == null)
        {
            return CliContext.UsageError;
        }

        var path = result.GetValue(source)!;
        if (!Directory.Exists(path) && !File.Exists(path))
        {
            context.Fail($"'{path}' is neither an image file nor a folder.");
            return CliContext.Failure;
        }

        var console = new FleetConsole(context);
        var boards = console.Connected(await device.ConnectManyAsync(result, ports, new DeviceConnectionOptions(), cancellationToken).ConfigureAwait(false));
        try
        {
            if (boards.Count > 0)
            {
                RomfsBuildOptions? buildOptions = null;
                if (Directory.Exists(path))
                {
                    var targets = boards.Select(b => b.Info.MpyValue).Distinct().ToList();
                    if (targets.Count > 1 && !result.GetValue(build.NoMpy) && result.GetValue(build.March) == null)
                    {
                        context.Fail("the boards load different .mpy versions or architectures (" + string.Join(", ", boards.Select(b => $"{b.Port}: {b.MpyVersion} {b.MpyArchitecture}")) + "); deploy to each kind of board separately, or give --no-mpy or --march.");
                        return CliContext.Failure;
                    }

                    buildOptions = await build.Request(result).ToBuildOptionsAsync(targets.Count == 1 ? Target(targets[0]) : null, context, cancellationToken).ConfigureAwait(false);
                }

                var image = await BoardPartitions.LoadImageAsync(path, buildOptions, cancellationToken).ConfigureAwait(false);
                var options = new DeployOptions { Full = result.GetValue(full), Verify = !result.GetValue(noVerify), Transfer = result.GetValue(transfer) };
                var number = result.GetValue(partition);
                var results = await FleetDeployment.PublishAsync(boards.Select(b => new DeployTarget(b, number)).ToList(), image, options, result.GetValue(reset), device.Fleet(result), context, cancellationToken).ConfigureAwait(false);
                foreach (var deployed in results)
                {
                    if (deployed.Exception != null)
                    {
                        console.Failure(deployed.Port, deployed.Exception);
                    }
                    else
                    {
                        console.Succeeded(deployed.Port, Describe(deployed, withPort: false));
                    }
                }
            }

            return console.Summarize("deployed to");
        }
        finally
        {
            foreach (var board in boards)
            {
                board.Dispose();
            }
        }
    }

    private static MpyVersionInfo? Target(int? mpyValue) => mpyValue is int mpy ? MpyVersionInfo.FromSysImplementation(mpy) : null;

    private static string Describe(DeployResult r, bool withPort = true) => string.Format(
        CultureInfo.InvariantCulture,
        "deployed {0} bytes to partition {1}{2}: {3} block{4} written, {5} unchanged, {6} bytes sent, {7}, {8:F2} s",
        r.ImageSize,
        r.Partition,
        withPort ? " of " + r.Port : string.Empty,
        r.BlocksWritten,
        r.BlocksWritten == 1 ? string.Empty : "s",
        r.BlocksSkipped,
        r.BytesSent,
        r.Verified ? "verified" : "not verified",
        r.Duration.TotalSeconds);
}
