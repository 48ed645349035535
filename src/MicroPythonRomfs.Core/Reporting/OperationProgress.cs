namespace MicroPythonRomfs.Reporting;

/// <summary>The state of one activity at one moment, as reported through <see cref="IOperationReporter"/>.</summary>
public sealed class OperationProgress
{
    /// <summary>Creates a progress report.</summary>
    /// <param name="activityId">Identifies the activity; reports with the same id update one progress bar.</param>
    /// <param name="activity">What is being done, for example "Deploying app.romfs to COM3".</param>
    /// <param name="status">The current step, for example "Writing block 4 of 12".</param>
    /// <param name="completed">Units done so far (bytes, files or blocks).</param>
    /// <param name="total">Units in all, or 0 when unknown.</param>
    /// <param name="isCompleted">Whether the activity has finished (the last report of an activity).</param>
    /// <param name="parentActivityId">The enclosing activity's id, or -1 for a top-level activity.</param>
    public OperationProgress(int activityId, string activity, string status, long completed, long total, bool isCompleted = false, int parentActivityId = -1)
    {
        ActivityId = activityId;
        Activity = activity ?? throw new ArgumentNullException(nameof(activity));
        Status = status ?? throw new ArgumentNullException(nameof(status));
        Completed = completed;
        Total = total;
        IsCompleted = isCompleted;
        ParentActivityId = parentActivityId;
    }

    /// <summary>Identifies the activity; reports with the same id update one progress bar.</summary>
    public int ActivityId { get; }

    /// <summary>The enclosing activity's id, or -1 for a top-level activity.</summary>
    public int ParentActivityId { get; }

    /// <summary>What is being done.</summary>
    public string Activity { get; }

    /// <summary>The current step.</summary>
    public string Status { get; }

    /// <summary>Units done so far.</summary>
    public long Completed { get; }

    /// <summary>Units in all, or 0 when unknown.</summary>
    public long Total { get; }

    /// <summary>Whether the activity has finished.</summary>
    public bool IsCompleted { get; }

    /// <summary>The share done, 0 to 100, or -1 when the total is unknown.</summary>
    public int PercentComplete => Total <= 0 ? -1 : (int)Math.Min(100, Completed * 100 / Total);
}
