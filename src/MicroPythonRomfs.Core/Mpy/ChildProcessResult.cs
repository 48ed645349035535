namespace MicroPythonRomfs.Mpy;

/// <summary>How one run of an external program ended.</summary>
internal sealed class ChildProcessResult
{
    public ChildProcessResult(int exitCode, string standardOutput, string standardError, bool timedOut)
    {
        ExitCode = exitCode;
        StandardOutput = standardOutput;
        StandardError = standardError;
        TimedOut = timedOut;
    }

    /// <summary>The exit code; meaningless when <see cref="TimedOut"/>.</summary>
    public int ExitCode { get; }

    public string StandardOutput { get; }

    public string StandardError { get; }

    /// <summary>Whether the program was killed for running past its time limit.</summary>
    public bool TimedOut { get; }
}
