using System.Management.Automation;
using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Runs Python code on a connected MicroPython board.</para>
/// <para type="description">Runs -Command in the board's raw REPL and writes what it prints, line by line as it
/// arrives. With -AsObject, -Command is an expression whose value comes back as .NET objects (int, float, str,
/// bytes, tuple, list, dict, set). A Python exception on the board becomes an error record whose
/// CategoryInfo.Reason is the Python exception name. Ctrl+C interrupts the code on the board.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "MicroPython")]
[OutputType(typeof(string), typeof(object))]
public sealed class InvokeMicroPythonCommand : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stop = new();

    /// <summary>The Python code to run, or with -AsObject the expression to evaluate.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNull]
    public string Command { get; set; } = string.Empty;

    /// <summary>The device; the most recent connection when omitted.</summary>
    [Parameter(ValueFromPipeline = true)]
    public MicroPythonDevice? Device { get; set; }

    /// <summary>Evaluates -Command as an expression and returns its value as .NET objects.</summary>
    [Parameter]
    public SwitchParameter AsObject { get; set; }

    /// <summary>Seconds the running code may stay silent before the board counts as not answering; 0 waits for ever.</summary>
    [Parameter]
    [ValidateRange(0, 86400)]
    public int Timeout { get; set; } = 10;

    /// <inheritdoc/>
    public void Dispose() => _stop.Dispose();

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        MicroPythonDevice device;
        try
        {
            device = MicroPythonDeviceRegistry.Default.Resolve(Device);
        }
        catch (InvalidOperationException ex)
        {
            ThrowTerminatingError(DeviceErrorRecords.FromException(ex, Device)!);
            return;
        }

        var pump = new DeviceCommandPump(this);
        var idle = Timeout == 0 ? System.Threading.Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(Timeout);
        try
        {
            if (AsObject)
            {
                var value = pump.Run(token => device.Session.EvalAsync(Command, idle, token), _stop.Token);
                WriteObject(value, enumerateCollection: false);
                return;
            }

            var lines = new OutputLineSplitter();
            pump.Run(
                async token =>
                {
                    await device.Session.ExecAsync(Command, idle, text =>
                    {
                        foreach (var line in lines.Add(text))
                        {
                            pump.Post(cmdlet => cmdlet.WriteObject(line));
                        }
                    }, token).ConfigureAwait(false);
                    return true;
                },
                _stop.Token);
            if (lines.Flush() is { } rest)
            {
                WriteObject(rest);
            }
        }
        catch (Exception ex) when (DeviceErrorRecords.FromException(ex, device) is { } record)
        {
            WriteError(record);
        }
    }

    /// <inheritdoc/>
    protected override void StopProcessing() => _stop.Cancel();
}
