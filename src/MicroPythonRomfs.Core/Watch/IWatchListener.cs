namespace MicroPythonRomfs.Watch;

/// <summary>
/// What a watch session hands its front end besides the reporter's progress and verbose lines: the board's output and
/// one result per iteration. Called from worker threads; implementations queue or lock.
/// </summary>
public interface IWatchListener
{
    /// <summary>A line the board's program printed, without its line end.</summary>
    /// <param name="line">The line.</param>
    void BoardOutput(string line);

    /// <summary>An iteration ended: the program is running, or the build or deploy failed.</summary>
    /// <param name="iteration">What it did.</param>
    void IterationCompleted(WatchIteration iteration);
}
