using System.Globalization;

namespace MicroPythonRomfs.Watch;

/// <summary>
/// One turn of the edit–run loop: what changed, what was compiled and written, and how long it took from the save to
/// the new code running; or why nothing was deployed. Immutable.
/// </summary>
public sealed class WatchIteration
{
    /// <summary>Creates a result.</summary>
    /// <param name="number">The iteration's number: 0 for the first deploy, then 1, 2, ...</param>
    /// <param name="port">The board's port.</param>
    /// <param name="partition">The partition.</param>
    /// <param name="changedFiles">The changed files, relative to the source folder.</param>
    /// <param name="compiledFiles">How many <c>.py</c> files were compiled (the rest came from the cache).</param>
    /// <param name="blocksWritten">Blocks erased and written.</param>
    /// <param name="blocksSkipped">Blocks the board already held.</param>
    /// <param name="bytesSent">Bytes sent to the board for the deploy, reset and start.</param>
    /// <param name="imageSize">The image's size.</param>
    /// <param name="imageHash">The image's SHA-256, hex, or <see langword="null"/> when nothing was built.</param>
    /// <param name="saveToRunning">From the first change seen to the new code starting; <see langword="null"/> when nothing was deployed.</param>
    /// <param name="deltaLayout">Whether the image has the delta-friendly layout.</param>
    /// <param name="running">The module started, or <see langword="null"/>.</param>
    /// <param name="error">Why nothing (or not everything) was done, or <see langword="null"/>.</param>
    /// <param name="errorId">A stable id for the error, or <see langword="null"/>.</param>
    /// <param name="errorFile">The source file the error is in, or <see langword="null"/>.</param>
    /// <param name="errorLine">The line the error is on, or <see langword="null"/>.</param>
    public WatchIteration(int number, string port, int partition, IReadOnlyList<string> changedFiles, int compiledFiles, int blocksWritten, int blocksSkipped, long bytesSent, long imageSize, string? imageHash, TimeSpan? saveToRunning, bool deltaLayout, string? running, string? error = null, string? errorId = null, string? errorFile = null, int? errorLine = null)
    {
        Number = number;
        Port = port ?? string.Empty;
        Partition = partition;
        ChangedFiles = changedFiles?.ToArray() ?? Array.Empty<string>();
        CompiledFiles = compiledFiles;
        BlocksWritten = blocksWritten;
        BlocksSkipped = blocksSkipped;
        BytesSent = bytesSent;
        ImageSize = imageSize;
        ImageHash = imageHash;
        SaveToRunning = saveToRunning;
        DeltaLayout = deltaLayout;
        Running = running;
        Error = error;
        ErrorId = errorId;
        ErrorFile = errorFile;
        ErrorLine = errorLine;
        Time = DateTimeOffset.Now;
    }

    /// <summary>The iteration's number: 0 for the first deploy.</summary>
    public int Number { get; }

    /// <summary>When the iteration ended.</summary>
    public DateTimeOffset Time { get; }

    /// <summary>The board's port.</summary>
    public string Port { get; }

    /// <summary>The ROM partition.</summary>
    public int Partition { get; }

    /// <summary>The changed files, relative to the source folder, <c>/</c>-separated.</summary>
    public IReadOnlyList<string> ChangedFiles { get; }

    /// <summary>How many files changed.</summary>
    public int FilesChanged => ChangedFiles.Count;

    /// <summary>How many <c>.py</c> files were compiled; unchanged ones come from the session's cache.</summary>
    public int CompiledFiles { get; }

    /// <summary>Blocks erased and written.</summary>
    public int BlocksWritten { get; }

    /// <summary>Blocks the board already held.</summary>
    public int BlocksSkipped { get; }

    /// <summary>Bytes sent to the board for the deploy, the reset and the start.</summary>
    public long BytesSent { get; }

    /// <summary>The image's size in bytes.</summary>
    public long ImageSize { get; }

    /// <summary>The image's SHA-256, lowercase hex; what <c>Get-RomfsPartition</c> reports once it is on the board.</summary>
    public string? ImageHash { get; }

    /// <summary>From the first change seen to the new code starting on the board.</summary>
    public TimeSpan? SaveToRunning { get; }

    /// <summary><see cref="SaveToRunning"/> in whole milliseconds, or <see langword="null"/>.</summary>
    public long? Milliseconds => SaveToRunning is TimeSpan t ? (long)Math.Round(t.TotalMilliseconds) : null;

    /// <summary>Whether the image has the delta-friendly layout (and so differs from upstream's build).</summary>
    public bool DeltaLayout { get; }

    /// <summary>The module started after the reset, or <see langword="null"/>.</summary>
    public string? Running { get; }

    /// <summary>Whether the new image was deployed.</summary>
    public bool Succeeded => Error == null;

    /// <summary>Why nothing was deployed: a compile error names its file and line; <see langword="null"/> on success.</summary>
    public string? Error { get; }

    /// <summary>A stable id for the error (<c>CompileError</c>, <c>BuildFailed</c>, <c>DeployFailed</c>...).</summary>
    public string? ErrorId { get; }

    /// <summary>The source file a compile error is in.</summary>
    public string? ErrorFile { get; }

    /// <summary>The line a compile error is on.</summary>
    public int? ErrorLine { get; }

    /// <summary>The one-line summary the front ends print.</summary>
    /// <returns>For example <c>[3] main.py: 2 blocks written, 5,120 bytes sent, running 412 ms after the save</c>.</returns>
    public override string ToString()
    {
        var what = ChangedFiles.Count == 0 ? "initial deploy"
            : ChangedFiles.Count <= 3 ? string.Join(", ", ChangedFiles)
            : string.Format(CultureInfo.InvariantCulture, "{0} files", ChangedFiles.Count);
        if (!Succeeded)
        {
            return string.Format(CultureInfo.InvariantCulture, "[{0}] {1}", Number, Error);
        }

        return string.Format(
            CultureInfo.InvariantCulture,
            "[{0}] {1}: {2} compiled, {3} block{4} written, {5:N0} bytes sent, {6} {7:N0} ms after the save",
            Number,
            what,
            CompiledFiles,
            BlocksWritten,
            BlocksWritten == 1 ? string.Empty : "s",
            BytesSent,
            Running == null ? "deployed" : "running " + Running,
            Milliseconds ?? 0);
    }
}
