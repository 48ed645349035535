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

    /// <param name="cmdlet">The cmdlet whose pipeline thread writes the reports.</param>
    /// <param name="force">
    /// Skip the confirmation prompt (<c>-Force</c>), unless <c>-Confirm</c> was given explicitly: as with the
    /// built-in cmdlets, an explicit <c>-Confirm</c> still asks, and <c>-WhatIf</c> still only reports.
    /// </param>
    public CmdletOperationReporter(PSCmdlet cmdlet, bool force = false)
    {
        _queue = new OperationReportQueue(new PipelineSink(cmdlet, force));
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
        private readonly bool _force;
        private readonly ProgressEstimator _progress = new();

        public PipelineSink(PSCmdlet cmdlet, bool force)
        {
            _cmdlet = cmdlet;
            _force = force;
        }

        public void Progress(OperationProgress progress)
        {
            foreach (var record in _progress.Records(progress))
            {
                _cmdlet.WriteProgress(record);
            }
        }

        public void Warning(string message) => _cmdlet.WriteWarning(CliFlagText.Strip(message));

        public void Verbose(string message) => _cmdlet.WriteVerbose(CliFlagText.Strip(message));

        public bool ShouldProcess(string target, string action) =>
            (_force && !IsWhatIf() && !IsConfirmGiven()) || _cmdlet.ShouldProcess(target, action);

        private bool IsConfirmGiven() =>
            _cmdlet.MyInvocation.BoundParameters.TryGetValue("Confirm", out var value) && value is SwitchParameter { IsPresent: true };

        private bool IsWhatIf() =>
            (_cmdlet.MyInvocation.BoundParameters.TryGetValue("WhatIf", out var value) && value is SwitchParameter { IsPresent: true })
            || (!_cmdlet.MyInvocation.BoundParameters.ContainsKey("WhatIf") && (_cmdlet.SessionState.PSVariable.GetValue("WhatIfPreference") is true
                || _cmdlet.SessionState.PSVariable.GetValue("WhatIfPreference") is SwitchParameter { IsPresent: true }));
    }
}
