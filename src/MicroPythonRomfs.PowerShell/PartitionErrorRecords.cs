using System.Management.Automation;
using MicroPythonRomfs.Partitions;

namespace MicroPythonRomfs.PowerShell;

/// <summary>
/// Error records for partition commands. A <see cref="RomPartitionException"/>'s failure kind is the record's id
/// (<c>ImageTooBig</c>, <c>RomPartitionNotFound</c>, <c>DeployInterrupted</c>, ...), so scripts can tell errors apart;
/// device and file errors keep the ids of their own records.
/// </summary>
internal static class PartitionErrorRecords
{
    /// <summary>Maps a core exception to a record (a bug becomes an internal-error record); <see langword="null"/> for cancellation and PowerShell's own errors.</summary>
    public static ErrorRecord? FromException(Exception exception, object? target) =>
        Map(exception, target) is { } record ? CliFlagText.Clean(record) : null;

    private static ErrorRecord? Map(Exception exception, object? target)
    {
        if (exception is RomPartitionException partition)
        {
            var category = partition.Failure switch
            {
                RomPartitionFailure.RomfsNotSupported or RomPartitionFailure.TransferNotSupported => ErrorCategory.NotImplemented,
                RomPartitionFailure.NoRomPartitions or RomPartitionFailure.RomPartitionNotFound or RomPartitionFailure.NoImageOnPartition => ErrorCategory.ObjectNotFound,
                RomPartitionFailure.ImageTooBig => ErrorCategory.LimitsExceeded,
                RomPartitionFailure.InvalidImage => ErrorCategory.InvalidData,
                RomPartitionFailure.DeployInterrupted => ErrorCategory.OperationStopped,
                RomPartitionFailure.FlashOperationFailed or RomPartitionFailure.VerificationFailed => ErrorCategory.WriteError,
                _ => ErrorCategory.InvalidResult,
            };
            var record = new ErrorRecord(partition, partition.Failure.ToString(), category, target);
            if (partition.State != PartitionState.Unchanged)
            {
                record.ErrorDetails = new ErrorDetails(partition.Message) { RecommendedAction = "Run the same command again: the deploy resumes and rewrites only the blocks that differ." };
            }

            return record;
        }

        return DeviceErrorRecords.FromDeviceException(exception, target) ?? RomfsErrorRecords.FromException(exception, target);
    }
}
