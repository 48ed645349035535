using System.Text;
using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.Fleet;

/// <summary>Runs the same code on many boards at once, each line of output tagged with its board.</summary>
public static class FleetInvocation
{
    /// <summary>Runs <paramref name="code"/> on every board concurrently; lines arrive as each board prints them.</summary>
    /// <param name="devices">The boards.</param>
    /// <param name="code">The Python code.</param>
    /// <param name="idleTimeout">How long the code may stay silent before a board counts as not answering.</param>
    /// <param name="onLine">Receives each complete line (called from worker threads, one board at a time per board).</param>
    /// <param name="fleet">The throttle limit; <see langword="null"/> for the default.</param>
    /// <param name="cancellationToken">Interrupts the code on every board.</param>
    /// <returns>Per board, in order: everything it printed, or the error that stopped it (a board's traceback is a <see cref="MicroPythonException"/>).</returns>
    public static async Task<IReadOnlyList<BoardOutcome<string>>> ExecAsync(IReadOnlyList<MicroPythonDevice> devices, string code, TimeSpan idleTimeout, Action<BoardOutputLine>? onLine, FleetOptions? fleet, CancellationToken cancellationToken)
    {
        if (devices == null)
        {
            throw new ArgumentNullException(nameof(devices));
        }

        fleet ??= new FleetOptions();
        var outcomes = await FleetRunner.RunAsync(
            devices,
            d => d,
            fleet.EffectiveThrottleLimit(devices.Count),
            async (device, index, token) =>
            {
                var lines = new OutputLineSplitter();
                var all = new StringBuilder();
                try
                {
                    await device.Session.ExecAsync(code, idleTimeout, text =>
                    {
                        // What is returned is capped like the session's own output; the lines still all stream.
                        if (all.Length < RawReplSession.MaxKeptOutput)
                        {
                            all.Append(text, 0, Math.Min(text.Length, RawReplSession.MaxKeptOutput - all.Length));
                        }

                        foreach (var line in lines.Add(text))
                        {
                            onLine?.Invoke(new BoardOutputLine(device.Port, device.UniqueId, line));
                        }
                    }, token).ConfigureAwait(false);
                }
                finally
                {
                    if (lines.Flush() is { } rest)
                    {
                        onLine?.Invoke(new BoardOutputLine(device.Port, device.UniqueId, rest));
                    }
                }

                return all.ToString();
            },
            cancellationToken).ConfigureAwait(false);
        return devices.Select((d, i) => new BoardOutcome<string>(d.Port, d, outcomes[i].Value, outcomes[i].Exception, outcomes[i].Duration)).ToList();
    }

    /// <summary>Evaluates <paramref name="expression"/> on every board concurrently.</summary>
    /// <param name="devices">The boards.</param>
    /// <param name="expression">The Python expression.</param>
    /// <param name="idleTimeout">How long a board may stay silent.</param>
    /// <param name="fleet">The throttle limit; <see langword="null"/> for the default.</param>
    /// <param name="cancellationToken">Interrupts every board.</param>
    /// <returns>Per board, in order: the value as .NET objects, or the error.</returns>
    public static async Task<IReadOnlyList<BoardOutcome<object?>>> EvalAsync(IReadOnlyList<MicroPythonDevice> devices, string expression, TimeSpan idleTimeout, FleetOptions? fleet, CancellationToken cancellationToken)
    {
        if (devices == null)
        {
            throw new ArgumentNullException(nameof(devices));
        }

        fleet ??= new FleetOptions();
        var outcomes = await FleetRunner.RunAsync(
            devices,
            d => d,
            fleet.EffectiveThrottleLimit(devices.Count),
            (device, index, token) => device.Session.EvalAsync(expression, idleTimeout, token),
            cancellationToken).ConfigureAwait(false);
        return devices.Select((d, i) => new BoardOutcome<object?>(d.Port, d, outcomes[i].Value, outcomes[i].Exception, outcomes[i].Duration)).ToList();
    }
}
