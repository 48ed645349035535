using System.Collections.Concurrent;
using MicroPythonRomfs.Reporting;

namespace MicroPythonRomfs.Tests;

/// <summary>Records everything the core reports, for assertions; answers ShouldProcess with a fixed value.</summary>
internal sealed class RecordingReporter : IOperationReporter
{
    private readonly bool _allow;

    public RecordingReporter(bool allow = true) => _allow = allow;

    public ConcurrentQueue<OperationProgress> ProgressReports { get; } = new();

    public ConcurrentQueue<string> Warnings { get; } = new();

    public ConcurrentQueue<string> VerboseLines { get; } = new();

    public ConcurrentQueue<(string Target, string Action)> ShouldProcessCalls { get; } = new();

    public void Progress(OperationProgress progress) => ProgressReports.Enqueue(progress);

    public void Warning(string message) => Warnings.Enqueue(message);

    public void Verbose(string message) => VerboseLines.Enqueue(message);

    public bool ShouldProcess(string target, string action)
    {
        ShouldProcessCalls.Enqueue((target, action));
        return _allow;
    }
}
