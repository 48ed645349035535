using System.Diagnostics;
using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.Watch;

/// <summary>
/// Watches a source folder and reports bursts of changes once they have settled (debounced): an editor's save is
/// often several events (write a temporary, rename it over the file, touch the folder), which become one batch.
/// Editors' temporary files and the session's exclude patterns are ignored.
/// </summary>
public sealed class SourceFolderWatcher : IDisposable
{
    private const int MaxPending = 10000;

    private readonly string _root;
    private readonly TimeSpan _debounce;
    private readonly RomfsExcludeFilter _exclude;
    private readonly FileSystemWatcher _watcher;
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);
    private readonly object _lock = new();
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);
    private long _firstEvent;
    private long _lastEvent;
    private bool _overflowed;

    /// <summary>Starts watching.</summary>
    /// <param name="folder">The source folder; every folder below it is watched too.</param>
    /// <param name="exclude">Patterns of entries to ignore, as <see cref="RomfsBuildOptions.Exclude"/> takes them.</param>
    /// <param name="debounce">How long the folder must stay quiet before a batch is reported.</param>
    public SourceFolderWatcher(string folder, IEnumerable<string>? exclude, TimeSpan debounce)
    {
        _root = Path.GetFullPath(folder ?? throw new ArgumentNullException(nameof(folder)));
        _debounce = debounce < TimeSpan.Zero ? TimeSpan.Zero : debounce;
        _exclude = new RomfsExcludeFilter(exclude);
        _watcher = new FileSystemWatcher(_root)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            InternalBufferSize = 64 * 1024,
        };
        _watcher.Changed += (_, e) => OnEvent(e.FullPath);
        _watcher.Created += (_, e) => OnEvent(e.FullPath);
        _watcher.Deleted += (_, e) => OnEvent(e.FullPath);
        _watcher.Renamed += (_, e) =>
        {
            OnEvent(e.OldFullPath);
            OnEvent(e.FullPath);
        };
        _watcher.Error += (_, _) => OnOverflow();
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>Whether a path inside the folder (<c>/</c>-separated) is one the session reacts to.</summary>
    /// <param name="relativePath">The path relative to the folder.</param>
    /// <returns><see langword="false"/> for editors' temporaries and excluded entries.</returns>
    public bool IsRelevant(string relativePath)
    {
        var path = relativePath.Replace('\\', '/').Trim('/');
        if (path.Length == 0)
        {
            return false;
        }

        foreach (var part in path.Split('/'))
        {
            if (EditorFiles.IsEditorFile(part))
            {
                return false;
            }
        }

        return !_exclude.ExcludesSelfOrAncestor(path);
    }

    /// <summary>Waits for a burst of relevant changes and for the folder to settle after it.</summary>
    /// <param name="cancellationToken">Ends the wait.</param>
    /// <returns>The changed paths and when the first change was seen.</returns>
    public async Task<SourceFolderChange> WaitAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await _signal.WaitAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                long quietSince;
                lock (_lock)
                {
                    quietSince = _lastEvent;
                }

                var waited = Stopwatch.GetTimestamp() - quietSince;
                var remaining = _debounce - TimeSpan.FromSeconds((double)waited / Stopwatch.Frequency);
                if (remaining <= TimeSpan.Zero)
                {
                    break;
                }

                await Task.Delay(remaining, cancellationToken).ConfigureAwait(false);
            }

            lock (_lock)
            {
                while (_signal.CurrentCount > 0)
                {
                    _signal.Wait(0);
                }

                if (_pending.Count == 0 && !_overflowed)
                {
                    continue;
                }

                var change = new SourceFolderChange(_pending.OrderBy(p => p, StringComparer.Ordinal).ToList(), _firstEvent, _overflowed);
                _pending.Clear();
                _overflowed = false;
                return change;
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _watcher.EnableRaisingEvents = false;
        _watcher.Dispose();
        _signal.Dispose();
    }

    private void OnEvent(string fullPath)
    {
        var relative = fullPath.Length > _root.Length ? fullPath.Substring(_root.Length).Replace('\\', '/').Trim('/') : string.Empty;
        if (!IsRelevant(relative))
        {
            return;
        }

        Signal(() =>
        {
            if (_pending.Count < MaxPending)
            {
                _pending.Add(relative);
            }
            else
            {
                _overflowed = true;
            }
        });
    }

    private void OnOverflow() => Signal(() => _overflowed = true);

    private void Signal(Action record)
    {
        lock (_lock)
        {
            var now = Stopwatch.GetTimestamp();
            if (_pending.Count == 0 && !_overflowed)
            {
                _firstEvent = now;
            }

            _lastEvent = now;
            record();
        }

        try
        {
            _signal.Release();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
