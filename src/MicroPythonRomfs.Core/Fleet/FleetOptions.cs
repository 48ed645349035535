namespace MicroPythonRomfs.Fleet;

/// <summary>How an operation over many boards runs.</summary>
public sealed class FleetOptions
{
    /// <summary>The most boards worked on at once when no limit is given (the number of boards, up to this).</summary>
    public const int DefaultThrottleLimit = 8;

    /// <summary>The most boards worked on at once; <see langword="null"/> for the number of boards, up to <see cref="DefaultThrottleLimit"/>.</summary>
    public int? ThrottleLimit { get; set; }

    /// <summary>The activity id of the parent progress bar; each board's bars are its children.</summary>
    public int ParentActivityId { get; set; } = 0x464c;

    /// <summary>The limit that applies to <paramref name="boardCount"/> boards.</summary>
    /// <param name="boardCount">How many boards the operation covers.</param>
    /// <returns>At least 1.</returns>
    public int EffectiveThrottleLimit(int boardCount) =>
        Math.Max(1, ThrottleLimit is int limit && limit > 0 ? limit : Math.Min(boardCount, DefaultThrottleLimit));
}
