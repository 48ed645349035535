using System.Management.Automation;

namespace MicroPythonRomfs.PowerShell;

/// <summary>
/// The end of every error mapping: an answer the board should not have given is invalid data, and any other
/// exception nobody expected is reported as a bug, naming its type, instead of reaching the user as a stack trace.
/// Cancellation is left to propagate, so Ctrl+C still stops the pipeline.
/// </summary>
internal static class UnexpectedErrorRecords
{
    public const string InvalidAnswerId = "UnexpectedAnswer";
    public const string InternalErrorId = "InternalError";

    /// <summary>A record for an exception no other mapping knows; <see langword="null"/> for cancellation and PowerShell's own errors.</summary>
    public static ErrorRecord? FromException(Exception exception, object? target)
    {
        switch (exception)
        {
            case OperationCanceledException:
            case IContainsErrorRecord:
                // Cancellation propagates; PowerShell's own errors (a stopped pipeline, a prompt in a
                // non-interactive host) keep their records.
                return null;
            case FormatException format:
                return new ErrorRecord(format, InvalidAnswerId, ErrorCategory.InvalidData, target);
            default:
                var record = new ErrorRecord(exception, InternalErrorId, ErrorCategory.NotSpecified, target);
                record.ErrorDetails = new ErrorDetails($"Internal error, a bug in MicroPythonRomfs (please report it): {exception.GetType().FullName}: {exception.Message}")
                {
                    RecommendedAction = "Report it with the command that failed; $Error[0].Exception holds the details.",
                };
                return record;
        }
    }
}
