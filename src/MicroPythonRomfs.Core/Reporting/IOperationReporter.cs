namespace MicroPythonRomfs.Reporting;

/// <summary>
/// How the core library tells its host (a cmdlet, the <c>mpromfs</c> tool, a test recorder) what it is doing
/// and asks permission for consequential steps. The core never writes to a console itself.
/// </summary>
/// <remarks>
/// Implementations must be thread-safe: the core may report from worker threads (parallel compilation,
/// device I/O). A cmdlet implementation queues what it receives and emits it from the pipeline thread.
/// </remarks>
public interface IOperationReporter
{
    /// <summary>Reports how far an operation has come.</summary>
    /// <param name="progress">The state of one activity.</param>
    void Progress(OperationProgress progress);

    /// <summary>Reports something the user should know about that does not stop the operation.</summary>
    /// <param name="message">A complete sentence naming the file, partition or device concerned.</param>
    void Warning(string message);

    /// <summary>Reports a detail useful when diagnosing a problem.</summary>
    /// <param name="message">The detail, as one line.</param>
    void Verbose(string message);

    /// <summary>Asks whether a consequential action (writing a file, erasing flash) may go ahead.</summary>
    /// <param name="target">What the action changes, for example a file path or "COM3 partition 0".</param>
    /// <param name="action">What would be done, for example "Erase 3 blocks and write 9,216 bytes".</param>
    /// <returns><see langword="true"/> to go ahead; <see langword="false"/> to skip the action.</returns>
    bool ShouldProcess(string target, string action);
}
