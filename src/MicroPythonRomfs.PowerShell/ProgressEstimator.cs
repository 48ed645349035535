using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using MicroPythonRomfs.Reporting;

namespace MicroPythonRomfs.PowerShell;

/// <summary>
/// Turns core progress reports into progress records with time remaining, and keeps a parent bar (many boards at
/// once) moving with its children: the parent's share done counts the finished boards and the share each running
/// board has done, and its time remaining follows from that.
/// </summary>
internal sealed class ProgressEstimator
{
    private readonly Dictionary<int, Activity> _activities = new();

    /// <summary>The records to write for one report: its own, then its parent's when the parent moved.</summary>
    public IEnumerable<ProgressRecord> Records(OperationProgress progress)
    {
        var activity = Track(progress);
        yield return Record(progress.ActivityId, progress.ParentActivityId, progress.Activity, progress.Status, activity, progress.IsCompleted);

        if (progress.ParentActivityId >= 0 && _activities.TryGetValue(progress.ParentActivityId, out var parent) && !parent.Completed)
        {
            parent.Children[progress.ActivityId] = progress.IsCompleted ? 1.0 : activity.Fraction;
            var fraction = parent.Total <= 0 ? 0 : Math.Min(1.0, (parent.Done + parent.Children.Values.Where(f => f < 1.0).Sum()) / parent.Total);
            parent.Fraction = Math.Max(parent.Fraction, fraction);
            var status = parent.Status == "Starting"
                ? string.Format(CultureInfo.InvariantCulture, "{0} of {1} done, {2}% of the work", parent.Done, parent.Total, (int)Math.Round(parent.Fraction * 100))
                : parent.Status;
            yield return Record(progress.ParentActivityId, parent.ParentId, parent.Name, status, parent, completed: false);
        }
    }

    private Activity Track(OperationProgress progress)
    {
        if (!_activities.TryGetValue(progress.ActivityId, out var activity) || activity.Completed)
        {
            activity = new Activity();
            _activities[progress.ActivityId] = activity;
        }

        activity.Name = progress.Activity;
        activity.ParentId = progress.ParentActivityId;
        activity.Completed = progress.IsCompleted;
        activity.Done = progress.Completed;
        activity.Total = progress.Total;
        activity.Status = progress.Status;
        if (progress.Total > 0)
        {
            activity.Fraction = Math.Max(activity.Children.Count > 0 ? activity.Fraction : 0, Math.Min(1.0, (double)progress.Completed / progress.Total));
        }

        return activity;
    }

    private static ProgressRecord Record(int id, int parentId, string name, string status, Activity activity, bool completed)
    {
        var record = new ProgressRecord(id, name, string.IsNullOrEmpty(status) ? "Working" : status)
        {
            ParentActivityId = parentId,
            RecordType = completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            PercentComplete = activity.Total <= 0 ? -1 : (int)Math.Round(activity.Fraction * 100),
        };

        // An estimate needs some work done, else the first block's speed says little; it settles as work goes on.
        var elapsed = activity.Clock.Elapsed.TotalSeconds;
        if (!completed && activity.Fraction >= 0.02 && elapsed > 0)
        {
            record.SecondsRemaining = (int)Math.Ceiling(elapsed * (1 - activity.Fraction) / activity.Fraction);
        }

        return record;
    }

    private sealed class Activity
    {
        public Stopwatch Clock { get; } = Stopwatch.StartNew();

        public Dictionary<int, double> Children { get; } = new();

        public string Name { get; set; } = string.Empty;

        public string Status { get; set; } = string.Empty;

        public int ParentId { get; set; } = -1;

        public long Done { get; set; }

        public long Total { get; set; }

        public double Fraction { get; set; }

        public bool Completed { get; set; }
    }
}
