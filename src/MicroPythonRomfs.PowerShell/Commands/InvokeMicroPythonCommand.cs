using System.Globalization;
using System.Management.Automation;
using System.Text;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Fleet;

namespace MicroPythonRomfs.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Runs Python code on connected MicroPython boards.</para>
/// <para type="description">Runs -Command, or the .py file -FilePath names, in the board's raw REPL and writes what
/// it prints, line by line as it arrives. Piped strings are run one after another, each as a program of its own (use
/// -FilePath or Get-Content -Raw for a script file). With -AsObject, -Command is an expression whose value comes back
/// as .NET objects: int, float, str, bytes as they are, a list, tuple or set as its items (written one by one), a
/// dict as an ordered dictionary (so $value.key works). A Python exception on the board becomes an error record
/// whose CategoryInfo.Reason is the Python exception name. Ctrl+C interrupts the code on the board.</para>
/// <para type="description">Given many boards (piped, or -Device @(...)), it runs the code on all of them in
/// parallel (-ThrottleLimit). Every output line is tagged with its board, as Invoke-Command tags output with
/// PSComputerName: it carries the note properties Port and UniqueId (so <c>Invoke-MicroPython ... | Group-Object
/// Port</c> works), and with -Prefix lines are written as "port: line". With -AsObject and several boards, each
/// board's value comes as a BoardValue object (Port, UniqueId, Value); with one board, the value itself. A board
/// whose code fails gets its own error record; the others go on.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "MicroPython", DefaultParameterSetName = CommandParameterSet)]
[OutputType(typeof(string), typeof(object), typeof(BoardValue))]
public sealed class InvokeMicroPythonCommand : PSCmdlet, IDisposable
{
    /// <summary>The parameter set that takes code as text.</summary>
    public const string CommandParameterSet = "Command";

    /// <summary>The parameter set that runs a .py file.</summary>
    public const string FilePathParameterSet = "FilePath";

    /// <summary>The largest script file read, far above what a board's RAM can compile.</summary>
    private const long MaxScriptBytes = 4 * 1024 * 1024;

    private readonly CancellationTokenSource _stop = new();
    private readonly List<MicroPythonDevice> _devices = new();
    private readonly List<string> _programs = new();
    private bool _codeFromPipeline;

    /// <summary>The Python code to run, or with -AsObject the expression to evaluate. Piped strings are run one after another.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = CommandParameterSet)]
    [ValidateNotNull]
    public string Command { get; set; } = string.Empty;

    /// <summary>A .py file on this computer whose code is run on the board (as written: no wildcards). Piped file objects bind here.</summary>
    [Parameter(Mandatory = true, ParameterSetName = FilePathParameterSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LiteralPath")]
    [ValidateNotNullOrEmpty]
    public string FilePath { get; set; } = string.Empty;

    /// <summary>The devices; the most recent connection when omitted.</summary>
    [Parameter(ValueFromPipeline = true)]
    [ArgumentCompleter(typeof(DeviceCompleter))]
    public MicroPythonDevice[]? Device { get; set; }

    /// <summary>Evaluates -Command as an expression and returns its value as .NET objects.</summary>
    [Parameter(ParameterSetName = CommandParameterSet)]
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
    protected override void BeginProcessing()
    {
        // What was given on the command line is run once; what was piped, once per piped string or file.
        if (MyInvocation.BoundParameters.ContainsKey(nameof(Command)))
        {
            _programs.Add(Command);
        }
        else if (MyInvocation.BoundParameters.ContainsKey(nameof(FilePath)))
        {
            if (ReadScript(FilePath) is { } script)
            {
                _programs.Add(script);
            }
        }
        else
        {
            _codeFromPipeline = true;
        }
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (_codeFromPipeline)
        {
            if (ParameterSetName == FilePathParameterSet)
            {
                if (ReadScript(FilePath) is { } script)
                {
                    _programs.Add(script);
                }
            }
            else
            {
                _programs.Add(Command);
            }
        }

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
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Device)) || (MyInvocation.ExpectingInput && !_codeFromPipeline))
            {
                // Every board given was disconnected (already reported), or the pipeline brought none.
                return;
            }

            _devices.Add(ConnectedDevices.MostRecent(this));
        }

        if (_programs.Count == 0)
        {
            return;
        }

        foreach (var program in _programs)
        {
            if (AsObject)
            {
                Evaluate(program);
            }
            else
            {
                Execute(program);
            }
        }
    }

    /// <inheritdoc/>
    protected override void StopProcessing() => _stop.Cancel();

    private FleetOptions Fleet => new() { ThrottleLimit = ThrottleLimit > 0 ? ThrottleLimit : null };

    private TimeSpan Idle => Timeout == 0 ? System.Threading.Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(Timeout);

    private void Execute(string program)
    {
        var pump = new DeviceCommandPump(this);
        WriteVerbose($"Running {Describe(program)} on {Boards()}.");
        var outcomes = pump.Run(
            token => FleetInvocation.ExecAsync(_devices, program, Idle, line => pump.Post(cmdlet => cmdlet.WriteObject(Prefix ? line.ToString() : BoardTag.Tag(line.Line, line.Port, line.UniqueId))), Fleet, token),
            _stop.Token);
        foreach (var outcome in outcomes)
        {
            if (outcome.Exception != null)
            {
                WriteBoardError(outcome.Exception, outcome.Device!, program, expression: false);
            }
            else
            {
                WriteVerbose(string.Format(CultureInfo.InvariantCulture, "{0}: finished in {1:0.00} s.", outcome.Port, outcome.Duration.TotalSeconds));
            }
        }
    }

    private void Evaluate(string expression)
    {
        WriteVerbose($"Evaluating {Describe(expression)} on {Boards()}.");

        // Parentheses make the board's compiler accept expressions only: a statement such as 'x = 1' is a SyntaxError
        // before anything runs, which is reported as "not an expression" below.
        var wrapped = "(\n" + expression + "\n)";
        var values = new DeviceCommandPump(this).Run(token => FleetInvocation.EvalAsync(_devices, wrapped, Idle, Fleet, token), _stop.Token);
        foreach (var outcome in values)
        {
            if (outcome.Exception != null)
            {
                WriteBoardError(outcome.Exception, outcome.Device!, expression, expression: true);
                continue;
            }

            var value = PowerShellValues.Convert(outcome.Value);
            if (_devices.Count > 1)
            {
                WriteObject(new BoardValue(outcome.Port, outcome.Device!.UniqueId, value));
            }
            else
            {
                WriteObject(value, enumerateCollection: PowerShellValues.Enumerates(value));
            }
        }
    }

    private string? ReadScript(string path)
    {
        string full;
        try
        {
            full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
            if (provider.Name != "FileSystem")
            {
                WriteError(RomfsErrorRecords.NotFileSystem(path));
                return null;
            }
        }
        catch (Exception ex) when (ex is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or NotSupportedException or ArgumentException)
        {
            WriteError(RomfsErrorRecords.PathNotFound(path));
            return null;
        }

        if (Directory.Exists(full))
        {
            WriteError(RomfsErrorRecords.NotAFile(full, "a Python script file"));
            return null;
        }

        if (!File.Exists(full))
        {
            WriteError(RomfsErrorRecords.PathNotFound(full));
            return null;
        }

        try
        {
            var length = new FileInfo(full).Length;
            if (length > MaxScriptBytes)
            {
                WriteError(new ErrorRecord(new IOException($"'{full}' is {length:N0} bytes; scripts larger than {MaxScriptBytes:N0} bytes are refused (a board could not compile them)."), "ScriptTooLarge", ErrorCategory.LimitsExceeded, full));
                return null;
            }

            WriteVerbose($"Read {length:N0} bytes of Python from '{full}'.");
            return File.ReadAllText(full, new UTF8Encoding(false)).TrimStart('\uFEFF');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            WriteError(new ErrorRecord(ex, "ScriptNotReadable", ErrorCategory.ReadError, full));
            return null;
        }
    }

    private string Boards() => _devices.Count == 1 ? _devices[0].Port : $"{_devices.Count} boards ({string.Join(", ", _devices.Select(d => d.Port))})";

    private static string Describe(string code)
    {
        var firstLine = code.Split('\n')[0].Trim();
        var shown = firstLine.Length > 60 ? firstLine.Substring(0, 60) + "..." : firstLine;
        var lines = code.Split('\n').Length;
        return lines == 1 ? $"'{shown}'" : $"{lines} lines of code starting '{shown}'";
    }

    private void WriteBoardError(Exception exception, MicroPythonDevice device, string code, bool expression)
    {
        if (expression && exception is MicroPythonException { ExceptionName: "SyntaxError" } syntax && IsCompileError(syntax))
        {
            var shown = code.Length > 80 ? code.Substring(0, 80) + "..." : code;
            WriteError(new ErrorRecord(
                new ArgumentException($"'{shown}' is not a Python expression, so -AsObject cannot return its value ({device.Port}: {syntax.ExceptionName}: {syntax.ExceptionMessage}). Run statements without -AsObject, and evaluate a name afterwards: Invoke-MicroPython 'x = 1'; Invoke-MicroPython 'x' -AsObject.", syntax),
                DeviceErrorRecords.NotAnExpressionId,
                ErrorCategory.InvalidArgument,
                device));
            return;
        }

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

    /// <summary>A SyntaxError raised while compiling the code sent, not by code it ran (eval, import): no frame says "in".</summary>
    private static bool IsCompileError(MicroPythonException exception) =>
        exception.Traceback.IndexOf(", in ", StringComparison.Ordinal) < 0;
}
