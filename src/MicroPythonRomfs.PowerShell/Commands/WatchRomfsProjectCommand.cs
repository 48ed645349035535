using System.Management.Automation;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Mpy;
using MicroPythonRomfs.Partitions;
using MicroPythonRomfs.Reporting;
using MicroPythonRomfs.Romfs;
using MicroPythonRomfs.Watch;

namespace MicroPythonRomfs.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Deploys a folder to a board, runs it, and redeploys and reruns it after every saved change.</para>
/// <para type="description">
/// The edit–run loop on the real ROMFS deployment: builds the folder (as Publish-RomfsImage builds a folder, compiled
/// for the board), deploys it, soft-resets the board and runs the entry module (main, or -Run), then watches the
/// folder. After every saved change it compiles only the changed .py files, deploys only the blocks that changed,
/// soft-resets and runs again. Each turn writes one WatchIteration object (files changed, blocks written, bytes sent,
/// milliseconds from the save to the new code running). The board's output is written as information records tagged
/// MicroPythonOutput (shown like Write-Host). A compile error deploys nothing: its iteration says which file and line.
/// Ctrl+C stops, leaving the board holding the last good image.
/// </para>
/// </summary>
[Cmdlet(VerbsCommon.Watch, "RomfsProject", DefaultParameterSetName = PathParameterSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(WatchIteration))]
public sealed class WatchRomfsProjectCommand : RomfsBuildCommandBase
{
    /// <summary>The parameter set that takes a path with wildcards.</summary>
    public const string PathParameterSet = "Path";

    /// <summary>The parameter set that takes a literal path.</summary>
    public const string LiteralPathParameterSet = "LiteralPath";

    /// <summary>The tag on the information records that carry the board's output.</summary>
    public const string OutputTag = "MicroPythonOutput";

    /// <summary>The source folder to build, deploy and watch; wildcards must match exactly one folder.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathParameterSet)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string Path { get; set; } = string.Empty;

    /// <summary>The source folder, taken as written.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathParameterSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string LiteralPath { get; set; } = string.Empty;

    /// <summary>The board; the most recent connection when omitted. Its connection stays open for the session.</summary>
    [Parameter]
    public MicroPythonDevice? Device { get; set; }

    /// <summary>The ROM partition to deploy to.</summary>
    [Parameter]
    [ValidateRange(0, 255)]
    public int Partition { get; set; }

    /// <summary>
    /// What to run after each reset: a module to import (app.server), optionally with a function to call (main:run, for
    /// a module whose start sits under <c>if __name__ == "__main__":</c>). By default main, when the image has main.py
    /// or main.mpy at its root.
    /// </summary>
    [Parameter]
    [ValidatePattern(@"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*(:[A-Za-z_][A-Za-z0-9_]*)?$")]
    public string? Run { get; set; }

    /// <summary>
    /// Orders the image so the files edited most recently come last, so each edit rewrites only the blocks from the
    /// edited file to the end (and block 0). The image then differs from mpremote's build of the same folder.
    /// </summary>
    [Parameter]
    public SwitchParameter DeltaLayout { get; set; }

    /// <summary>How the data travels: Auto, Binary or Text.</summary>
    [Parameter]
    public TransferMode Transfer { get; set; } = TransferMode.Auto;

    /// <summary>Skips reading back the written blocks (the whole image's hash is still checked on the board).</summary>
    [Parameter]
    public SwitchParameter NoVerify { get; set; }

    /// <summary>Milliseconds the folder must stay quiet after a change before it is deployed.</summary>
    [Parameter]
    [ValidateRange(0, 60000)]
    public int Debounce { get; set; } = (int)WatchOptions.DefaultDebounce.TotalMilliseconds;

    /// <summary>Starts without asking for confirmation.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        var device = ConnectedDevices.Resolve(this, Device);
        var literal = ParameterSetName == LiteralPathParameterSet;
        var resolved = ProviderPathResolver.Resolve(this, new[] { literal ? LiteralPath : Path }, literal).ToList();
        if (resolved.Count != 1 || !Directory.Exists(resolved[0]))
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException($"'{(literal ? LiteralPath : Path)}' does not name exactly one folder."), "SourceFolderNotFound", ErrorCategory.ObjectNotFound, literal ? LiteralPath : Path));
            return;
        }

        var folder = resolved[0];
        var target = $"{device.Port} ROM partition {Partition}";
        if (!(Force && !MyInvocation.BoundParameters.ContainsKey("WhatIf")) && !ShouldProcess(target, $"Deploy '{folder}' now and again after every saved change, soft-resetting the board each time"))
        {
            return;
        }

        var mpy = device.Info.MpyValue is int value ? MpyVersionInfo.FromSysImplementation(value) : null;
        var architecture = MyInvocation.BoundParameters.ContainsKey(nameof(Architecture)) ? Architecture : mpy?.Architecture ?? MpyArchitecture.None;
        var template = CreateBuildOptions(ResolveCompiler(new CmdletOperationReporter(this), architecture), new CmdletOperationReporter(this), mpy);
        var pump = new DeviceCommandPump(this);
        var reporter = new PumpReporter(pump, Cancellation.Token);
        var options = new WatchOptions
        {
            SourceDirectory = folder,
            Partition = Partition,
            Run = Run,
            DeltaLayout = DeltaLayout,
            Debounce = TimeSpan.FromMilliseconds(Debounce),
            Build = new RomfsBuildOptions
            {
                CompileMpy = template.CompileMpy,
                Compiler = template.Compiler,
                Exclude = template.Exclude,
                Alignment = template.Alignment,
                Target = template.Target,
                RejectIncompatibleMpy = template.RejectIncompatibleMpy,
                Reporter = reporter,
            },
            Deploy = new DeployOptions { Transfer = Transfer, Verify = !NoVerify },
        };

        WatchSession session;
        try
        {
            session = new WatchSession(device, options, new PumpListener(pump, device.Port, Cancellation.Token), reporter);
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "InvalidWatchRequest", ErrorCategory.InvalidArgument, folder));
            return;
        }

        WriteVerbose($"Watching {folder} for {target}{(DeltaLayout ? " with the delta-friendly layout (the image differs from mpremote's)" : string.Empty)}; Ctrl+C stops.");
        try
        {
            pump.Run(
                async token =>
                {
                    await session.RunAsync(token).ConfigureAwait(false);
                    return true;
                },
                Cancellation.Token);
        }
        catch (Exception e) when (e is not PipelineStoppedException && (PartitionErrorRecords.FromException(e, device) ?? DeviceErrorRecords.FromException(e, device)) is { } record)
        {
            ThrowTerminatingError(record);
        }

        if (session.LastGoodImage is byte[] last)
        {
            WriteVerbose($"Stopped; {target} holds the last good image (SHA-256 {RomfsImage.Parse(last).ComputeHash()}).");
        }
    }

    // After Ctrl+C the pipeline refuses writes, while the session still stops the board's program: what is reported
    // then is dropped, so the pump keeps running until the session has ended.
    private static void Post(DeviceCommandPump pump, CancellationToken stopped, Action<Cmdlet> action) =>
        pump.Post(cmdlet =>
        {
            if (!stopped.IsCancellationRequested)
            {
                action(cmdlet);
            }
        });

    private sealed class PumpListener : IWatchListener
    {
        private readonly DeviceCommandPump _pump;
        private readonly string _source;
        private readonly CancellationToken _stopped;

        public PumpListener(DeviceCommandPump pump, string source, CancellationToken stopped)
        {
            _pump = pump;
            _source = source;
            _stopped = stopped;
        }

        public void BoardOutput(string line) => Post(_pump, _stopped, cmdlet =>
        {
            // Tagged PSHOST as Write-Host's records are, so the output shows by default; MicroPythonOutput selects it.
            var record = new InformationRecord(new HostInformationMessage { Message = line }, _source);
            record.Tags.Add("PSHOST");
            record.Tags.Add(OutputTag);
            cmdlet.WriteInformation(record);
        });

        public void IterationCompleted(WatchIteration iteration) => Post(_pump, _stopped, cmdlet =>
        {
            if (iteration.Succeeded)
            {
                cmdlet.WriteVerbose(iteration.ToString());
            }
            else
            {
                cmdlet.WriteWarning(iteration.ToString());
            }

            cmdlet.WriteObject(iteration);
        });
    }

    // Reports from the session's worker threads reach the pipeline thread through the pump; the one confirmation was
    // asked before the session started.
    private sealed class PumpReporter : IOperationReporter
    {
        private readonly DeviceCommandPump _pump;
        private readonly CancellationToken _stopped;

        public PumpReporter(DeviceCommandPump pump, CancellationToken stopped)
        {
            _pump = pump;
            _stopped = stopped;
        }

        public void Progress(OperationProgress progress) => Post(_pump, _stopped, cmdlet => cmdlet.WriteProgress(new ProgressRecord(progress.ActivityId, progress.Activity, progress.Status)
        {
            PercentComplete = progress.PercentComplete,
            ParentActivityId = progress.ParentActivityId,
            RecordType = progress.IsCompleted ? ProgressRecordType.Completed : ProgressRecordType.Processing,
        }));

        public void Warning(string message) => Post(_pump, _stopped, cmdlet => cmdlet.WriteWarning(message));

        public void Verbose(string message) => Post(_pump, _stopped, cmdlet => cmdlet.WriteVerbose(message));

        public bool ShouldProcess(string target, string action) => true;
    }
}
