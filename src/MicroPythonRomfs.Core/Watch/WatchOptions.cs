using MicroPythonRomfs.Partitions;
using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.Watch;

/// <summary>What a watch session builds, where it deploys it and what it runs (see <see cref="WatchSession"/>).</summary>
public sealed class WatchOptions
{
    /// <summary>The default quiet time after a change before the session acts on it.</summary>
    public static readonly TimeSpan DefaultDebounce = TimeSpan.FromMilliseconds(60);

    /// <summary>The source folder whose contents become the image's root.</summary>
    public string SourceDirectory { get; init; } = string.Empty;

    /// <summary>The ROM partition to deploy to.</summary>
    public int Partition { get; init; }

    /// <summary>
    /// How to build, as for a deploy of a folder: compiler, target, alignment, exclude patterns, reporter. The session
    /// wraps the compiler in a <see cref="CachingMpyCompiler"/>, adds <see cref="EditorFiles.Patterns"/> to the
    /// excludes and, with <see cref="DeltaLayout"/>, sets <see cref="RomfsBuildOptions.LastFiles"/>.
    /// </summary>
    public RomfsBuildOptions Build { get; init; } = new();

    /// <summary>How to deploy: transfer mode, verification, window. <see cref="DeployOptions.ExpectedBoardImage"/> is the session's own.</summary>
    public DeployOptions Deploy { get; init; } = new();

    /// <summary>
    /// What to run after each soft reset: a module to import (<c>main</c>, <c>app.server</c>), optionally with a function
    /// to call (<c>main:run</c>, for a module whose start sits under <c>if __name__ == "__main__":</c>, which an import
    /// does not run); <see langword="null"/> for <c>main</c> when the image has <c>main.py</c> or <c>main.mpy</c> at its
    /// root, else nothing. The module is imported from <c>/rom</c> ahead of the board's own filesystem.
    /// </summary>
    public string? Run { get; init; }

    /// <summary>
    /// Build with the delta-friendly layout: files ordered by when they last changed, the most recently edited last,
    /// and padded to a whole number of 4 KiB units, so an edit rewrites only the blocks from the edited file to the end
    /// (plus block 0, which every deploy rewrites last). The image then differs from upstream's
    /// <c>mpremote romfs build</c> (the board reads both).
    /// </summary>
    public bool DeltaLayout { get; init; }

    /// <summary>How long the folder must stay quiet after a change before the session acts on it.</summary>
    public TimeSpan Debounce { get; init; } = DefaultDebounce;
}
