using System.Globalization;
using MicroPythonRomfs.Partitions;
using MicroPythonRomfs.Reporting;
using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.Fleet;

/// <summary>
/// Deploys one image to many boards at once: the image is built (or read) and validated once, each board is then
/// deployed to concurrently with its own progress bar under one parent, and each board gets its own result, a
/// failed board's result carrying its error while the others go on.
/// </summary>
public static class FleetDeployment
{
    /// <summary>Builds a folder (or reads and validates an image file) once, then deploys it to every target.</summary>
    /// <param name="targets">The boards and partitions.</param>
    /// <param name="path">An image file or a folder.</param>
    /// <param name="buildOptions">How to build a folder; <see langword="null"/> for the defaults.</param>
    /// <param name="options">How to deploy; each board gets its own copy.</param>
    /// <param name="softReset">Soft-reset each board after its successful deploy.</param>
    /// <param name="fleet">Throttle limit and parent activity; <see langword="null"/> for the defaults.</param>
    /// <param name="reporter">Receives progress, each board's plan as a "should I?" question, warnings.</param>
    /// <param name="cancellationToken">Cancels every board's deploy.</param>
    /// <returns>One result per target that went ahead (declined targets have none), in target order.</returns>
    /// <exception cref="FileNotFoundException">Nothing exists at <paramref name="path"/>.</exception>
    /// <exception cref="RomfsFormatException">The file is not a valid image.</exception>
    public static async Task<IReadOnlyList<DeployResult>> PublishAsync(IReadOnlyList<DeployTarget> targets, string path, RomfsBuildOptions? buildOptions, DeployOptions? options, bool softReset, FleetOptions? fleet, IOperationReporter? reporter, CancellationToken cancellationToken)
    {
        var image = await BoardPartitions.LoadImageAsync(path, buildOptions, cancellationToken).ConfigureAwait(false);
        return await PublishAsync(targets, image, options, softReset, fleet, reporter, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Validates an image once, then deploys it to every target concurrently.</summary>
    /// <param name="targets">The boards and partitions; targets on one board run one after another.</param>
    /// <param name="image">The image bytes.</param>
    /// <param name="options">How to deploy; each board gets its own copy.</param>
    /// <param name="softReset">Soft-reset each board after its successful deploy.</param>
    /// <param name="fleet">Throttle limit and parent activity; <see langword="null"/> for the defaults.</param>
    /// <param name="reporter">Receives progress, each board's plan as a "should I?" question, warnings.</param>
    /// <param name="cancellationToken">Cancels every board's deploy.</param>
    /// <returns>One result per target that went ahead (declined targets have none), in target order.</returns>
    /// <exception cref="RomfsFormatException">The image is not valid; no board was touched.</exception>
    public static async Task<IReadOnlyList<DeployResult>> PublishAsync(IReadOnlyList<DeployTarget> targets, byte[] image, DeployOptions? options, bool softReset, FleetOptions? fleet, IOperationReporter? reporter, CancellationToken cancellationToken)
    {
        if (targets == null)
        {
            throw new ArgumentNullException(nameof(targets));
        }

        if (image == null)
        {
            throw new ArgumentNullException(nameof(image));
        }

        fleet ??= new FleetOptions();
        reporter ??= NullOperationReporter.Instance;
        var imageHash = RomfsImage.Parse(image).ComputeHash();
        var boards = targets.Select(t => t.Device).Distinct().Count();
        var activity = string.Format(CultureInfo.InvariantCulture, "Deploying a {0:N0}-byte image to {1} board{2}", image.Length, boards, boards == 1 ? string.Empty : "s");
        var done = 0;
        var failed = 0;
        reporter.Progress(new OperationProgress(fleet.ParentActivityId, activity, "Starting", 0, targets.Count));
        var outcomes = await FleetRunner.RunAsync(
            targets,
            t => t.Device,
            fleet.EffectiveThrottleLimit(boards),
            async (target, index, token) =>
            {
                var device = target.Device;
                var sent = device.Session.BytesSent;
                var received = device.Session.BytesReceived;
                var started = DateTimeOffset.UtcNow;
                var boardReporter = new BoardProgressReporter(reporter, fleet.ParentActivityId, index, device.Port);
                try
                {
                    var result = await BoardPartitions.PublishAsync(device, image, target.Partition, options, softReset, boardReporter, token).ConfigureAwait(false);
                    return result?.WithDevice(device);
                }
                catch (Exception ex)
                {
                    Interlocked.Increment(ref failed);
                    return DeployResult.Failed(device, target.Partition, image.Length, imageHash, device.Session.BytesSent - sent, device.Session.BytesReceived - received, DateTimeOffset.UtcNow - started, ex, FleetFailure.IdOf(ex));
                }
                finally
                {
                    var finished = Interlocked.Increment(ref done);
                    reporter.Progress(new OperationProgress(fleet.ParentActivityId, activity, string.Format(CultureInfo.InvariantCulture, "{0} of {1} done, {2} failed", finished, targets.Count, Volatile.Read(ref failed)), finished, targets.Count));
                }
            },
            cancellationToken).ConfigureAwait(false);
        reporter.Progress(new OperationProgress(fleet.ParentActivityId, activity, "Done", targets.Count, targets.Count, isCompleted: true));
        return outcomes.Select(o => o.Value).Where(r => r != null).ToList()!;
    }
}
