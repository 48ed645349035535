using System.CommandLine;
using System.Globalization;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Mpy;
using MicroPythonRomfs.Partitions;
using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.Cli;

/// <summary>
/// <c>mpromfs deploy --port P [-p N] [--full] [--no-verify] [--transfer auto|binary|text] [--reset] [--no-mpy] [--mpy-cross PATH] &lt;image|folder&gt;</c>:
/// deploys an image file, or a folder built first (compiled for the board's architecture), and prints one line
/// saying what was written. Exit code 1 whenever anything failed, with what the partition now holds.
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
        var noMpy = new Option<bool>("--no-mpy") { Description = "When building a folder, store .py files as they are." };
        var mpyCross = new Option<string?>("--mpy-cross") { Description = "When building a folder, the mpy-cross executable (default: $MPY_CROSS, else PATH)." };
        var command = new Command("deploy", "Deploy an image (or a folder, built first) to a ROM partition, writing only the blocks that differ.") { source, partition, full, noVerify, transfer, reset, noMpy, mpyCross };
        command.SetAction((result, cancellationToken) => context.GuardAsync(async () =>
        {
            using var board = await device.ConnectAsync(result, context, new DeviceConnectionOptions(), cancellationToken).ConfigureAwait(false);
            if (board == null)
            {
                return CliContext.UsageError;
            }

            var path = result.GetValue(source)!;
            RomfsBuildOptions? build = null;
            if (Directory.Exists(path))
            {
                var target = board.Info.MpyValue is int mpy ? MpyVersionInfo.FromSysImplementation(mpy) : null;
                var compile = !result.GetValue(noMpy);
                var compiler = compile
                    ? await MpyCrossCompiler.LocateAsync(result.GetValue(mpyCross), new MpyCrossOptions { Architecture = target?.Architecture ?? MpyArchitecture.None }, context, cancellationToken).ConfigureAwait(false)
                    : null;
                build = new RomfsBuildOptions { CompileMpy = compile, Compiler = compiler, Reporter = context, Target = target, RejectIncompatibleMpy = target != null };
            }

            var image = await BoardPartitions.LoadImageAsync(path, build, cancellationToken).ConfigureAwait(false);
            var options = new DeployOptions { Full = result.GetValue(full), Verify = !result.GetValue(noVerify), Transfer = result.GetValue(transfer) };
            var deployed = await BoardPartitions.PublishAsync(board, image, result.GetValue(partition), options, result.GetValue(reset), context, cancellationToken).ConfigureAwait(false);
            context.Output.WriteLine(Describe(deployed!));
            return CliContext.Success;
        }));
        return command;
    }

    private static string Describe(DeployResult r) => string.Format(
        CultureInfo.InvariantCulture,
        "deployed {0} bytes to partition {1} of {2}: {3} block{4} written, {5} unchanged, {6} bytes sent, {7}, {8:F2} s",
        r.ImageSize,
        r.Partition,
        r.Port,
        r.BlocksWritten,
        r.BlocksWritten == 1 ? string.Empty : "s",
        r.BlocksSkipped,
        r.BytesSent,
        r.Verified ? "verified" : "not verified",
        r.Duration.TotalSeconds);
}
