using System.Management.Automation;
using MicroPythonRomfs.Reporting;

namespace MicroPythonRomfs.PowerShell;

/// <summary>
/// The core's reporter for a cmdlet: reports from any thread are queued and written from the pipeline thread
/// (WriteProgress, WriteWarning, WriteVerbose, ShouldProcess), because PowerShell allows those calls there only.
/// </summary>
internal sealed class CmdletOperationReporter : IOperationReporter
{
    private readonly OperationReportQueue _queue;

    public CmdletOperationReporter(PSCmdlet cmdlet)
    {
        _queue = new OperationReportQueue(new PipelineSink(cmdlet));
    }

    /// <summary>Runs core work off the pipeline thread while replaying its reports on it.</summary>
    public T Run<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken) => _queue.Run(operation, cancellationToken);

    public void Progress(OperationProgress progress) => _queue.Progress(progress);

    public void Warning(string message) => _queue.Warning(message);

    public void Verbose(string message) => _queue.Verbose(message);

    public bool ShouldProcess(string target, string action) => _queue.ShouldProcess(target, action);

    private sealed class PipelineSink : IOperationReporter
    {
        private readonly PSCmdlet _cmdlet;

        public PipelineSink(PSCmdlet cmdlet) => _cmdlet = cmdlet;

        public void Progress(OperationProgress progress)
        {
            var record = new ProgressRecord(progress.ActivityId, progress.Activity, progress.Status)
            {
                PercentComplete = progress.PercentComplete,
                ParentActivityId = progress.ParentActivityId,
                RecordType = progress.IsCompleted ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            };
            _cmdlet.WriteProgress(record);
        }

        public void Warning(string message) => _cmdlet.WriteWarning(message);

        public void Verbose(string message) => _cmdlet.WriteVerbose(message);

        public bool ShouldProcess(string target, string action) => _cmdlet.ShouldProcess(target, action);
    }
}
