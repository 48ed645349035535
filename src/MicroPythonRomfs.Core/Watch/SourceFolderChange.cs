namespace MicroPythonRomfs.Watch;

/// <summary>One settled burst of changes in a watched folder.</summary>
public sealed class SourceFolderChange
{
    /// <summary>Creates a change.</summary>
    /// <param name="paths">The changed paths relative to the folder, <c>/</c>-separated.</param>
    /// <param name="firstSeen">The <see cref="System.Diagnostics.Stopwatch"/> timestamp of the first event.</param>
    /// <param name="overflowed">Whether events were lost, so any file may have changed.</param>
    public SourceFolderChange(IReadOnlyList<string> paths, long firstSeen, bool overflowed)
    {
        Paths = paths ?? throw new ArgumentNullException(nameof(paths));
        FirstSeen = firstSeen;
        Overflowed = overflowed;
    }

    /// <summary>The changed paths relative to the folder, <c>/</c>-separated, in ordinal order.</summary>
    public IReadOnlyList<string> Paths { get; }

    /// <summary>The <see cref="System.Diagnostics.Stopwatch"/> timestamp of the first event: when the save was seen.</summary>
    public long FirstSeen { get; }

    /// <summary>Whether events were lost (the watcher's buffer overflowed), so any file may have changed.</summary>
    public bool Overflowed { get; }
}
