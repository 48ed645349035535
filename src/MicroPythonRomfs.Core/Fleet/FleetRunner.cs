using System.Diagnostics;

namespace MicroPythonRomfs.Fleet;

/// <summary>
/// Runs one piece of work per item concurrently, a bounded number at once. Items with the same key (the same board)
/// run one after another, because a board's session carries one conversation at a time. Each item's failure is
/// caught and kept with that item, so one board never stops the others.
/// </summary>
public static class FleetRunner
{
    /// <summary>Runs <paramref name="work"/> for every item.</summary>
    /// <typeparam name="TItem">What the work is done for (a board, a port, a board and partition).</typeparam>
    /// <typeparam name="TResult">The work's value.</typeparam>
    /// <param name="items">The items, in the order the results come back.</param>
    /// <param name="keyOf">The board an item concerns; items with equal keys never run at the same time.</param>
    /// <param name="throttleLimit">The most keys worked on at once (at least 1).</param>
    /// <param name="work">The work for one item; it receives the item's index.</param>
    /// <param name="cancellationToken">Cancels every item's work; items not yet started then fail with <see cref="OperationCanceledException"/>.</param>
    /// <returns>Per item, in order: its value or its exception, and how long it took.</returns>
    public static async Task<IReadOnlyList<(TResult? Value, Exception? Exception, TimeSpan Duration)>> RunAsync<TItem, TResult>(
        IReadOnlyList<TItem> items,
        Func<TItem, object> keyOf,
        int throttleLimit,
        Func<TItem, int, CancellationToken, Task<TResult>> work,
        CancellationToken cancellationToken)
    {
        if (items == null)
        {
            throw new ArgumentNullException(nameof(items));
        }

        if (keyOf == null || work == null)
        {
            throw new ArgumentNullException(keyOf == null ? nameof(keyOf) : nameof(work));
        }

        var results = new (TResult? Value, Exception? Exception, TimeSpan Duration)[items.Count];
        var groups = Enumerable.Range(0, items.Count).GroupBy(i => keyOf(items[i])).ToList();
        using var gate = new SemaphoreSlim(Math.Max(1, throttleLimit));
        var tasks = groups.Select(group => Task.Run(async () =>
        {
            // Waiting without the token lets every item reach its own catch, so a cancelled run still names each board.
            await gate.WaitAsync().ConfigureAwait(false);
            try
            {
                foreach (var index in group)
                {
                    var watch = Stopwatch.StartNew();
                    try
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        results[index] = (await work(items[index], index, cancellationToken).ConfigureAwait(false), null, watch.Elapsed);
                    }
                    catch (Exception ex)
                    {
                        results[index] = (default, ex, watch.Elapsed);
                    }
                }
            }
            finally
            {
                gate.Release();
            }
        })).ToArray();
        await Task.WhenAll(tasks).ConfigureAwait(false);
        return results;
    }
}
