using System.Management.Automation;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Fleet;

namespace MicroPythonRomfs.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Connects to MicroPython boards over serial ports or TCP.</para>
/// <para type="description">Opens the port, enters the raw REPL (soft-resetting the board unless -NoSoftReset is
/// given), reads the board's facts and returns a device object. Later device commands use it through -Device, or
/// use the most recent connection when no device is given.</para>
/// <para type="description">Connects to many boards at once: pipe ports in (<c>Get-MicroPythonPort |
/// Connect-MicroPythonDevice</c>), give -Port a wildcard (<c>/dev/ttyACM*</c>, <c>COM*</c>) or -All, and narrow the
/// ports found with -UsbId and -Description. The boards are connected in parallel (-ThrottleLimit); a port that
/// cannot be opened gets its own error record and the others go on. Each device carries the board's
/// <c>machine.unique_id()</c> as UniqueId, where it has one, to join results with an inventory.</para>
/// <para type="description">Ports found by listing (piped from Get-MicroPythonPort, -All, a wildcard) are connected
/// only when they are USB ports, as mpremote's automatic connection does: built-in UARTs such as /dev/ttyS0 or COM1
/// rarely have a board behind them and would each cost the whole -Timeout. Name such a port with -Port to connect
/// it. The connection belongs to this PowerShell session: Get-MicroPythonDevice lists it, and it is the default
/// board of the other cmdlets in this session only.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "MicroPythonDevice", DefaultParameterSetName = PortParameterSet)]
[OutputType(typeof(MicroPythonDevice))]
public sealed class ConnectMicroPythonDeviceCommand : PSCmdlet, IDisposable
{
    /// <summary>The parameter set that takes port names.</summary>
    public const string PortParameterSet = "Port";

    /// <summary>The parameter set that takes port objects from Get-MicroPythonPort.</summary>
    public const string InputObjectParameterSet = "InputObject";

    /// <summary>The parameter set that connects every port found.</summary>
    public const string AllParameterSet = "All";

    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _ports = new();
    private readonly List<string> _skipped = new();
    private bool _sawInput;
    private IReadOnlyList<SerialPortInfo>? _catalog;

    /// <summary>The port: <c>COM3</c>, <c>/dev/ttyACM0</c>, <c>socket://host:port</c>, <c>ws://host[:port]</c> (a
    /// board's WebREPL over WiFi, port 8266 unless given; the password comes from -Credential or -Password), or mpremote's short forms
    /// <c>a0</c>, <c>u0</c>, <c>c3</c>; a wildcard (<c>/dev/ttyACM*</c>) connects every listed port it matches.
    /// Strings and objects with a Port property bind from the pipeline.</summary>
    /// <remarks>Not mandatory (a missing port is reported in EndProcessing): a mandatory by-value parameter makes
    /// PowerShell commit piped input to its set, and then piped Get-MicroPythonPort objects would bind here by their
    /// Port property instead of to -InputObject.</remarks>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PortParameterSet)]
    [ArgumentCompleter(typeof(PortNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Port { get; set; } = Array.Empty<string>();

    /// <summary>Ports from Get-MicroPythonPort; -UsbId and -Description filter them, and only USB ports are connected.</summary>
    [Parameter(ValueFromPipeline = true, ParameterSetName = InputObjectParameterSet)]
    public SerialPortInfo[] InputObject { get; set; } = Array.Empty<SerialPortInfo>();

    /// <summary>Connects every serial port Get-MicroPythonPort lists (narrowed by -UsbId and -Description).</summary>
    [Parameter(Mandatory = true, ParameterSetName = AllParameterSet)]
    public SwitchParameter All { get; set; }

    /// <summary>Only ports whose USB id (<c>vvvv:pppp</c> in hex, for example <c>2e8a:0005</c>) matches one of these wildcards.</summary>
    [Parameter]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(UsbIdCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? UsbId { get; set; }

    /// <summary>Only ports whose description (the USB product, else the interface) matches one of these wildcards.</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Description { get; set; }

    /// <summary>The serial baud rate (ignored for TCP).</summary>
    [Parameter]
    [ValidateRange(50, 10_000_000)]
    public int BaudRate { get; set; } = 115200;

    /// <summary>Seconds to wait for the port and for each answer from the board.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int Timeout { get; set; } = 5;

    /// <summary>The WebREPL password for <c>ws://</c> ports, as a credential (the user name is ignored: WebREPL has
    /// none). <c>-Credential (Get-Credential webrepl)</c> prompts for it without echoing.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>The WebREPL password for <c>ws://</c> ports, as a SecureString (<c>Read-Host -AsSecureString</c>);
    /// -Credential, when also given, wins.</summary>
    [Parameter]
    public System.Security.SecureString? Password { get; set; }

    /// <summary>Skips the soft reset after entering the raw REPL, so the board keeps its Python state.</summary>
    [Parameter]
    public SwitchParameter NoSoftReset { get; set; }

    /// <summary>Uses the classic raw REPL even where the board supports raw-paste mode.</summary>
    [Parameter]
    public SwitchParameter NoRawPaste { get; set; }

    /// <summary>The most boards connected at once; by default the number of boards, up to 8.</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int ThrottleLimit { get; set; }

    /// <inheritdoc/>
    public void Dispose() => _stop.Dispose();

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        _sawInput |= ParameterSetName != PortParameterSet || Port.Length > 0;
        switch (ParameterSetName)
        {
            case AllParameterSet:
                AddRange(UsbOnly(Catalog().Where(Matches)));
                break;
            case InputObjectParameterSet:
                AddRange(UsbOnly(InputObject.Where(p => p != null && Matches(p))));
                break;
            default:
                foreach (var port in Port)
                {
                    if (SerialPortFilter.IsPattern(port))
                    {
                        AddRange(UsbOnly(Catalog().Where(p => SerialPortFilter.IsMatch(port, p.Port) && Matches(p))));
                    }
                    else if ((UsbId == null && Description == null) || Catalog().FirstOrDefault(p => p.Port == port) is not { } listed || Matches(listed))
                    {
                        // A port named outright is connected even when it is not listed (TCP, a pty), unless a filter excludes its listing.
                        AddRange(new[] { port });
                    }
                }

                break;
        }
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        if (!_sawInput && !MyInvocation.ExpectingInput)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("Give the port to connect: Connect-MicroPythonDevice -Port COM3 (or /dev/ttyACM0, socket://host:port), pipe ports from Get-MicroPythonPort, or use -All."),
                "NoPortGiven",
                ErrorCategory.InvalidArgument,
                null));
        }

        if (_ports.Count == 0)
        {
            if (_skipped.Count > 0)
            {
                WriteWarning($"No USB serial port was among the ports found ({string.Join(", ", _skipped)}); to connect a port that is not USB, name it: Connect-MicroPythonDevice -Port {_skipped[0]}.");
            }
            else if (ParameterSetName == AllParameterSet || UsbId != null || Description != null)
            {
                WriteWarning("No serial port matched; list the ports with Get-MicroPythonPort.");
            }

            return;
        }

        var options = new DeviceConnectionOptions
        {
            BaudRate = BaudRate,
            Timeout = TimeSpan.FromSeconds(Timeout),
            SoftReset = !NoSoftReset,
            UseRawPaste = !NoRawPaste,
            Password = Credential?.Password ?? Password,
        };
        var fleet = new FleetOptions { ThrottleLimit = ThrottleLimit > 0 ? ThrottleLimit : null };
        WriteVerbose($"Connecting to {string.Join(", ", _ports)} (timeout {Timeout} s{(NoSoftReset ? ", no soft reset" : ", soft reset")}).");
        var outcomes = new DeviceCommandPump(this).Run(token => FleetConnection.ConnectAsync(_ports, options, fleet, token), _stop.Token);
        foreach (var (outcome, port) in outcomes.Zip(_ports, (o, p) => (o, p)))
        {
            if (outcome.Device is { } device)
            {
                SessionDevices.Current.Add(device);
                WriteVerbose($"Connected to {device.Port}: {device.Info.ImplementationName} {device.FirmwareVersion} on {device.Platform}, mpy {device.MpyVersion} {device.MpyArchitecture}, {device.RomfsPartitionCount} ROMFS partition(s), unique id {device.UniqueId ?? "none"}.");
                WriteObject(device);
            }
            else if (DeviceErrorRecords.FromException(outcome.Exception!, port) is { } record)
            {
                WriteError(record);
            }
            else if (outcome.Exception is OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
            else
            {
                WriteError(new ErrorRecord(outcome.Exception, outcome.ErrorId, ErrorCategory.ConnectionError, port));
            }
        }
    }

    /// <inheritdoc/>
    protected override void StopProcessing() => _stop.Cancel();

    private IReadOnlyList<SerialPortInfo> Catalog() => _catalog ??= new SerialPortCatalog().GetPorts();

    private bool Matches(SerialPortInfo port) =>
        new SerialPortFilter { UsbIds = UsbId ?? Array.Empty<string>(), Descriptions = Description ?? Array.Empty<string>() }.Matches(port);

    private IEnumerable<string> UsbOnly(IEnumerable<SerialPortInfo> ports)
    {
        foreach (var port in ports)
        {
            if (port.UsbId == null)
            {
                WriteVerbose($"Skipping {port.Port}: it is not a USB port. Name it with -Port to connect it.");
                _skipped.Add(port.Port);
                continue;
            }

            yield return port.Port;
        }
    }

    private void AddRange(IEnumerable<string> ports)
    {
        foreach (var port in ports)
        {
            if (_ports.Contains(port))
            {
                continue;
            }

            try
            {
                if (SessionDevices.Current.FindByPort(port) is { } existing)
                {
                    WriteError(new ErrorRecord(
                        new InvalidOperationException($"{existing.Port} is already connected in this session. Use the device object you have (Connect-MicroPythonDevice returned it), or Disconnect-MicroPythonDevice first."),
                        DeviceErrorRecords.AlreadyConnectedId,
                        ErrorCategory.ResourceExists,
                        existing));
                    continue;
                }
            }
            catch (ArgumentException ex)
            {
                WriteError(DeviceErrorRecords.FromException(ex, port)!);
                continue;
            }

            _ports.Add(port);
        }
    }
}
