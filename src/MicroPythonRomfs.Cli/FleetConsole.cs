using System.Diagnostics;
using System.Globalization;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Fleet;

namespace MicroPythonRomfs.Cli;

/// <summary>
/// How a command over many boards prints: each board's lines prefixed by its port, failures on standard error as
/// <c>mpromfs: PORT: message</c>, one summary line at the end; the exit code is 1 when any board failed.
/// Boards report from worker threads, so every write takes a lock.
/// </summary>
internal sealed class FleetConsole
{
    private readonly CliContext _context;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<string> _failed = new();
    private readonly object _lock;
    private int _succeeded;

    public FleetConsole(CliContext context)
    {
        _context = context;
        _lock = context.Sync;
    }

    public int Failed
    {
        get
        {
            lock (_lock)
            {
                return _failed.Count;
            }
        }
    }

    /// <summary>A line of a board's output.</summary>
    public void Line(string port, string text)
    {
        lock (_lock)
        {
            _context.Output.WriteLine(port + ": " + text);
            _context.Output.Flush();
        }
    }

    /// <summary>A board finished its work.</summary>
    public void Succeeded(string port, string? text)
    {
        lock (_lock)
        {
            _succeeded++;
            if (text != null)
            {
                _context.Output.WriteLine(port + ": " + text);
            }
        }
    }

    /// <summary>A board failed; a board's traceback is printed too, each line naming the port.</summary>
    public void Failure(string port, Exception exception)
    {
        lock (_lock)
        {
            _failed.Add(port);
            if (exception is MicroPythonException python)
            {
                foreach (var line in python.Traceback.Replace("\r\n", "\n").Split(new[] { '\n' }, StringSplitOptions.RemoveEmptyEntries))
                {
                    _context.Error.WriteLine(port + ": " + line);
                }

                _context.Fail(string.Format(CultureInfo.InvariantCulture, "{0}: the code raised {1}.", port, python.ExceptionName));
                return;
            }

            _context.Fail(port + ": " + exception.Message);
        }
    }

    /// <summary>Reports the boards that could not be connected; returns the connected ones.</summary>
    public IReadOnlyList<MicroPythonDevice> Connected(IReadOnlyList<BoardOutcome<MicroPythonDevice>> connections)
    {
        foreach (var failed in connections.Where(c => !c.Succeeded))
        {
            Failure(failed.Port, failed.Exception!);
        }

        return connections.Where(c => c.Device != null).Select(c => c.Device!).ToList();
    }

    /// <summary>Prints the summary line and gives the exit code.</summary>
    public int Summarize(string verb)
    {
        lock (_lock)
        {
            var total = _succeeded + _failed.Count;
            _context.Output.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                "{0} {1} of {2} board{3}{4}, {5:F2} s",
                verb,
                _succeeded,
                total,
                total == 1 ? string.Empty : "s",
                _failed.Count == 0 ? string.Empty : "; failed: " + string.Join(", ", _failed),
                _clock.Elapsed.TotalSeconds));
            return _failed.Count == 0 ? CliContext.Success : CliContext.Failure;
        }
    }
}
