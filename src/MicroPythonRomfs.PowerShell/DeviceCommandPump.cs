using System.Collections.Concurrent;
using System.Management.Automation;

namespace MicroPythonRomfs.PowerShell;

/// <summary>
/// Runs device work on the thread pool while the pipeline thread writes what it produces (board output lines,
/// verbose lines) as it arrives, since PowerShell allows WriteObject only from the pipeline thread.
/// </summary>
internal sealed class DeviceCommandPump
{
    private static readonly TimeSpan PumpInterval = TimeSpan.FromMilliseconds(50);

    private readonly BlockingCollection<Action<Cmdlet>> _pending = new();
    private readonly Cmdlet _cmdlet;

    public DeviceCommandPump(Cmdlet cmdlet) => _cmdlet = cmdlet;

    /// <summary>Queues an action for the pipeline thread; callable from any thread.</summary>
    public void Post(Action<Cmdlet> action) => _pending.Add(action);

    /// <summary>Runs the work and pumps queued actions until it ends; the work's exception is rethrown as is.</summary>
    public T Run<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var task = Task.Run(() => work(cancellationToken), cancellationToken);
        while (!task.IsCompleted)
        {
            if (_pending.TryTake(out var action, PumpInterval))
            {
                action(_cmdlet);
            }
        }

        while (_pending.TryTake(out var rest))
        {
            rest(_cmdlet);
        }

        return task.GetAwaiter().GetResult();
    }
}
