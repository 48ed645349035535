namespace MicroPythonRomfs.Reporting;

/// <summary>A reporter that discards reports and allows every action; the default when a caller passes none.</summary>
public sealed class NullOperationReporter : IOperationReporter
{
    /// <summary>The shared instance.</summary>
    public static NullOperationReporter Instance { get; } = new NullOperationReporter();

    private NullOperationReporter()
    {
    }

    /// <inheritdoc/>
    public void Progress(OperationProgress progress)
    {
    }

    /// <inheritdoc/>
    public void Warning(string message)
    {
    }

    /// <inheritdoc/>
    public void Verbose(string message)
    {
    }

    /// <inheritdoc/>
    public bool ShouldProcess(string target, string action) => true;
}
