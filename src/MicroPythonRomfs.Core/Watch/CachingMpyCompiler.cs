using System.Security.Cryptography;
using System.Text;
using MicroPythonRomfs.Mpy;

namespace MicroPythonRomfs.Watch;

/// <summary>
/// A compiler that remembers what it compiled, keyed by the source's content, its embedded source name and the
/// compiler and its options, and hands only the files it has not seen to the compiler it wraps: after an edit, only
/// the edited files are compiled again. Bounded: it keeps at most <see cref="MaxEntries"/> results, dropping the
/// oldest.
/// </summary>
public sealed class CachingMpyCompiler : IMpyCompiler
{
    /// <summary>The most compiled files kept.</summary>
    public const int MaxEntries = 4096;

    private readonly IMpyCompiler _inner;
    private readonly string _optionsKey;
    private readonly Dictionary<string, byte[]?> _cache = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly object _lock = new();

    /// <summary>Wraps a compiler.</summary>
    /// <param name="inner">The compiler that does the work.</param>
    /// <param name="optionsKey">Anything else that changes the output and is not in the compiler's description (architecture, optimisation level, extra arguments).</param>
    public CachingMpyCompiler(IMpyCompiler inner, string? optionsKey = null)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _optionsKey = optionsKey ?? string.Empty;
    }

    /// <inheritdoc/>
    public string Description => _inner.Description;

    /// <summary>How many files the last <see cref="CompileAsync"/> passed to the wrapped compiler.</summary>
    public int LastCompiledCount { get; private set; }

    /// <summary>How many files the last <see cref="CompileAsync"/> took from the cache.</summary>
    public int LastReusedCount { get; private set; }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<byte[]?>> CompileAsync(IReadOnlyList<MpyCompileRequest> requests, CancellationToken cancellationToken)
    {
        if (requests == null)
        {
            throw new ArgumentNullException(nameof(requests));
        }

        var results = new byte[]?[requests.Count];
        var keys = new string?[requests.Count];
        var misses = new List<int>();
        lock (_lock)
        {
            for (var i = 0; i < requests.Count; i++)
            {
                keys[i] = KeyOf(requests[i]);
                if (keys[i] != null && _cache.TryGetValue(keys[i]!, out var cached))
                {
                    results[i] = cached;
                }
                else
                {
                    misses.Add(i);
                }
            }
        }

        LastReusedCount = requests.Count - misses.Count;
        LastCompiledCount = misses.Count;
        if (misses.Count == 0)
        {
            return results;
        }

        var compiled = await _inner.CompileAsync(misses.Select(i => requests[i]).ToList(), cancellationToken).ConfigureAwait(false);
        if (compiled == null || compiled.Count != misses.Count)
        {
            throw new InvalidOperationException($"The compiler '{_inner.Description}' returned {compiled?.Count ?? 0} results for {misses.Count} files.");
        }

        lock (_lock)
        {
            for (var j = 0; j < misses.Count; j++)
            {
                var i = misses[j];
                results[i] = compiled[j];

                // A file rewritten while it was compiled may not match its key: such a result is used once, not kept.
                if (keys[i] is string key && key == KeyOf(requests[i]))
                {
                    Remember(key, compiled[j]);
                }
            }
        }

        return results;
    }

    private void Remember(string key, byte[]? value)
    {
        if (!_cache.ContainsKey(key))
        {
            _order.Enqueue(key);
            while (_order.Count > MaxEntries)
            {
                _cache.Remove(_order.Dequeue());
            }
        }

        _cache[key] = value;
    }

    private string? KeyOf(MpyCompileRequest request)
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(request.SourceFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not cacheable; the compiler reports the unreadable file itself.
            return null;
        }

        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(content);
        var identity = sha.ComputeHash(Encoding.UTF8.GetBytes(request.SourceName + "\0" + _inner.Description + "\0" + _optionsKey));
        return Convert.ToBase64String(hash) + Convert.ToBase64String(identity);
    }
}
