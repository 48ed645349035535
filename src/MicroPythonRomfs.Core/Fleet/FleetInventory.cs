using System.Globalization;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Partitions;
using MicroPythonRomfs.Reporting;

namespace MicroPythonRomfs.Fleet;

/// <summary>
/// Describes the ROM partitions of many boards at once: which image (by hash) is on which board and partition.
/// Each partition object names its board (<c>Device</c>, <c>Port</c>, <c>UniqueId</c>), so stale boards can be
/// picked out and piped on to a deploy.
/// </summary>
public static class FleetInventory
{
    /// <summary>Queries every board concurrently.</summary>
    /// <param name="devices">The boards.</param>
    /// <param name="partitions">The partition numbers, or <see langword="null"/> for all.</param>
    /// <param name="contents">Read each valid image back and list its entries.</param>
    /// <param name="fleet">Throttle limit and parent activity; <see langword="null"/> for the defaults.</param>
    /// <param name="reporter">Receives progress.</param>
    /// <param name="cancellationToken">Cancels every board's query.</param>
    /// <returns>Per board, in order: its partitions, or the error that stopped its query.</returns>
    public static async Task<IReadOnlyList<BoardOutcome<IReadOnlyList<RomPartitionInfo>>>> QueryAsync(IReadOnlyList<MicroPythonDevice> devices, IReadOnlyList<int>? partitions, bool contents, FleetOptions? fleet, IOperationReporter? reporter, CancellationToken cancellationToken)
    {
        if (devices == null)
        {
            throw new ArgumentNullException(nameof(devices));
        }

        fleet ??= new FleetOptions();
        reporter ??= NullOperationReporter.Instance;
        var activity = string.Format(CultureInfo.InvariantCulture, "Querying the ROM partitions of {0} board{1}", devices.Count, devices.Count == 1 ? string.Empty : "s");
        var done = 0;
        reporter.Progress(new OperationProgress(fleet.ParentActivityId, activity, "Starting", 0, devices.Count));
        var outcomes = await FleetRunner.RunAsync(
            devices,
            d => d,
            fleet.EffectiveThrottleLimit(devices.Count),
            async (device, index, token) =>
            {
                try
                {
                    return await BoardPartitions.QueryAsync(device, partitions, contents, new BoardProgressReporter(reporter, fleet.ParentActivityId, index, device.Port), token).ConfigureAwait(false);
                }
                finally
                {
                    var finished = Interlocked.Increment(ref done);
                    reporter.Progress(new OperationProgress(fleet.ParentActivityId, activity, string.Format(CultureInfo.InvariantCulture, "{0} of {1} boards done", finished, devices.Count), finished, devices.Count));
                }
            },
            cancellationToken).ConfigureAwait(false);
        reporter.Progress(new OperationProgress(fleet.ParentActivityId, activity, "Done", devices.Count, devices.Count, isCompleted: true));
        return devices.Select((d, i) => new BoardOutcome<IReadOnlyList<RomPartitionInfo>>(d.Port, d, outcomes[i].Value, outcomes[i].Exception, outcomes[i].Duration)).ToList();
    }
}
