using System.Management.Automation;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Fleet;

namespace MicroPythonRomfs.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Runs Python code on connected MicroPython boards.</para>
/// <para type="description">Runs -Command in the board's raw REPL and writes what it prints, line by line as it
/// arrives. With -AsObject, -Command is an expression whose value comes back as .NET objects (int, float, str,
/// bytes, tuple, list, dict, set). A Python exception on the board becomes an error record whose
/// CategoryInfo.Reason is the Python exception name. Ctrl+C interrupts the code on the board.</para>
/// <para type="description">Given many boards (piped, or -Device @(...)), it runs the code on all of them in
/// parallel (-ThrottleLimit). Every output line or value is tagged with its board, as Invoke-Command tags output with
/// PSComputerName: it carries the note properties Port and UniqueId (so <c>Invoke-MicroPython ... |
/// Group-Object Port</c> works), and with -Prefix lines are written as "port: line". A board whose code fails gets
/// its own error record; the others go on.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "MicroPython")]
[OutputType(typeof(string), typeof(object))]
public sealed class InvokeMicroPythonCommand : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<MicroPythonDevice> _devices = new();

    /// <summary>The Python code to run, or with -AsObject the expression to evaluate.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNull]
    public string Command { get; set; } = string.Empty;

    /// <summary>The devices; the most recent connection when omitted.</summary>
    [Parameter(ValueFromPipeline = true)]
    public MicroPythonDevice[]? Device { get; set; }

    /// <summary>Evaluates -Command as an expression and returns its value as .NET objects.</summary>
    [Parameter]
    public SwitchParameter AsObject { get; set; }

    /// <summary>Writes each output line as "port: line" text, for reading the output of many boards at a glance.</summary>
    [Parameter]
    public SwitchParameter Prefix { get; set; }

    /// <summary>Seconds the running code may stay silent before the board counts as not answering; 0 waits for ever.</summary>
    [Parameter]
    [ValidateRange(0, 86400)]
    public int Timeout { get; set; } = 10;

    /// <summary>The most boards run at once; by default the number of boards, up to 8.</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int ThrottleLimit { get; set; }

    /// <inheritdoc/>
    public void Dispose() => _stop.Dispose();

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        foreach (var device in ConnectedDevices.Usable(this, Device))
        {
            if (!_devices.Contains(device))
            {
                _devices.Add(device);
            }
        }
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        if (_devices.Count == 0)
        {
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Device)) || MyInvocation.ExpectingInput)
            {
                return;
            }

            _devices.Add(ConnectedDevices.MostRecent(this));
        }

        var pump = new DeviceCommandPump(this);
        var idle = Timeout == 0 ? System.Threading.Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(Timeout);
        var fleet = new FleetOptions { ThrottleLimit = ThrottleLimit > 0 ? ThrottleLimit : null };
        if (AsObject)
        {
            var values = pump.Run(token => FleetInvocation.EvalAsync(_devices, Command, idle, fleet, token), _stop.Token);
            foreach (var outcome in values)
            {
                if (outcome.Exception != null)
                {
                    WriteBoardError(outcome.Exception, outcome.Device!);
                }
                else
                {
                    WriteObject(Tag(outcome.Value, outcome.Device!), enumerateCollection: false);
                }
            }

            return;
        }

        var outcomes = pump.Run(
            token => FleetInvocation.ExecAsync(_devices, Command, idle, line => pump.Post(cmdlet => cmdlet.WriteObject(Prefix ? line.ToString() : BoardTag.Tag(line.Line, line.Port, line.UniqueId))), fleet, token),
            _stop.Token);
        foreach (var outcome in outcomes.Where(o => o.Exception != null))
        {
            WriteBoardError(outcome.Exception!, outcome.Device!);
        }
    }

    /// <inheritdoc/>
    protected override void StopProcessing() => _stop.Cancel();

    private static object? Tag(object? value, MicroPythonDevice device) => value == null ? null : BoardTag.Tag(value, device.Port, device.UniqueId);

    private void WriteBoardError(Exception exception, MicroPythonDevice device)
    {
        if (DeviceErrorRecords.FromException(exception, device) is { } record)
        {
            WriteError(record);
            return;
        }

        if (exception is OperationCanceledException)
        {
            throw new PipelineStoppedException();
        }

        WriteError(new ErrorRecord(exception, FleetFailure.IdOf(exception), ErrorCategory.NotSpecified, device));
    }
}
