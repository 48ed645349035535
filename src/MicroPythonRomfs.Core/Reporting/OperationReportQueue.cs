using System.Collections.Concurrent;

namespace MicroPythonRomfs.Reporting;

/// <summary>
/// Lets work run on other threads while every report reaches a host that must be called from one thread (a
/// PowerShell pipeline): reports are queued from any thread and replayed into the host's reporter by
/// <see cref="Run{T}"/> on the calling thread, including <see cref="ShouldProcess"/> questions, whose callers wait
/// for the answer.
/// </summary>
public sealed class OperationReportQueue : IOperationReporter
{
    private static readonly TimeSpan PumpInterval = TimeSpan.FromMilliseconds(50);

    private readonly IOperationReporter _host;
    private readonly ConcurrentQueue<Action> _pending = new();
    private readonly SemaphoreSlim _signal = new(0);
    private int _pumpThreadId = -1;

    /// <summary>Creates a queue that replays into <paramref name="host"/>.</summary>
    /// <param name="host">The reporter that must only be called from the thread that calls <see cref="Run{T}"/> or <see cref="Flush"/>.</param>
    public OperationReportQueue(IOperationReporter host)
    {
        _host = host ?? throw new ArgumentNullException(nameof(host));
    }

    /// <summary>Runs <paramref name="operation"/> on the thread pool, replaying its reports on this thread until it finishes.</summary>
    /// <typeparam name="T">The operation's result.</typeparam>
    /// <param name="operation">The work; it receives <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Cancels the work (for example from <c>StopProcessing</c>).</param>
    /// <returns>The operation's result; its exception is rethrown as is.</returns>
    public T Run<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        if (operation == null)
        {
            throw new ArgumentNullException(nameof(operation));
        }

        _pumpThreadId = Environment.CurrentManagedThreadId;
        try
        {
            var task = Task.Run(() => operation(cancellationToken), cancellationToken);
            while (!task.IsCompleted)
            {
                _signal.Wait(PumpInterval);
                Flush();
            }

            Flush();
            return task.GetAwaiter().GetResult();
        }
        finally
        {
            _pumpThreadId = -1;
        }
    }

    /// <summary>Replays every queued report into the host now; call it from the host's thread.</summary>
    public void Flush()
    {
        while (_pending.TryDequeue(out var action))
        {
            action();
        }
    }

    /// <inheritdoc/>
    public void Progress(OperationProgress progress) => Enqueue(() => _host.Progress(progress));

    /// <inheritdoc/>
    public void Warning(string message) => Enqueue(() => _host.Warning(message));

    /// <inheritdoc/>
    public void Verbose(string message) => Enqueue(() => _host.Verbose(message));

    /// <inheritdoc/>
    public bool ShouldProcess(string target, string action)
    {
        if (Environment.CurrentManagedThreadId == _pumpThreadId || _pumpThreadId == -1)
        {
            Flush();
            return _host.ShouldProcess(target, action);
        }

        var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        Enqueue(() =>
        {
            try
            {
                answer.TrySetResult(_host.ShouldProcess(target, action));
            }
            catch (Exception ex)
            {
                answer.TrySetException(ex);
            }
        });
        return answer.Task.GetAwaiter().GetResult();
    }

    private void Enqueue(Action action)
    {
        _pending.Enqueue(action);
        _signal.Release();
    }
}
