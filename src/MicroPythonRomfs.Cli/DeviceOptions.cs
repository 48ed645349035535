using System.CommandLine;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Fleet;

namespace MicroPythonRomfs.Cli;

/// <summary>The global options for commands that talk to boards, and how they open them.</summary>
internal sealed class DeviceOptions
{
    public DeviceOptions()
    {
        Port = new Option<string[]>("--port")
        {
            Description = "The board's port: COM3, /dev/ttyACM0, socket://host:port, ws://host[:port] (WebREPL, port 8266 unless given), or a0/u0/c0 as in mpremote. Repeat it to work on many boards at once (deploy, query, exec).",
            Recursive = true,
            Arity = ArgumentArity.OneOrMore,
        };
        All = new Option<bool>("--all")
        {
            Description = "Work on every serial port 'mpromfs devs' lists (deploy, query, exec).",
            Recursive = true,
        };
        Baud = new Option<int>("--baud")
        {
            Description = "The serial baud rate (default 115200).",
            DefaultValueFactory = _ => 115200,
            Recursive = true,
        };
        UsbId = new Option<string[]>("--usb-id")
        {
            Description = "With --all or a --port wildcard: only ports whose USB id (vvvv:pppp, hex) matches this wildcard (repeatable).",
            Recursive = true,
            Arity = ArgumentArity.OneOrMore,
        };
        PortDescription = new Option<string[]>("--description")
        {
            Description = "With --all or a --port wildcard: only ports whose USB product matches this wildcard (repeatable).",
            Recursive = true,
            Arity = ArgumentArity.OneOrMore,
        };
        Password = new Option<string>("--password")
        {
            Description = "The WebREPL password for ws:// ports. Prefer the environment variable " + PasswordVariable + ": a command line is visible to other users of the machine.",
            Recursive = true,
        };
        ThrottleLimit = new Option<int>("--throttle-limit")
        {
            Description = "The most boards worked on at once (default: the number of boards, up to 8).",
            Recursive = true,
        };
    }

    /// <summary>The environment variable that holds the WebREPL password when --password is not given.</summary>
    public const string PasswordVariable = "MPROMFS_WEBREPL_PASSWORD";

    public Option<string[]> Port { get; }

    public Option<string> Password { get; }

    public Option<bool> All { get; }

    public Option<int> Baud { get; }

    public Option<int> ThrottleLimit { get; }

    public Option<string[]> UsbId { get; }

    public Option<string[]> PortDescription { get; }

    public void AddTo(Command root)
    {
        root.Options.Add(Port);
        root.Options.Add(All);
        root.Options.Add(Baud);
        root.Options.Add(Password);
        root.Options.Add(ThrottleLimit);
        root.Options.Add(UsbId);
        root.Options.Add(PortDescription);
    }

    /// <summary>Connects to the one board named by --port; a missing --port, or more than one, is reported as a usage error.</summary>
    public async Task<MicroPythonDevice?> ConnectAsync(ParseResult result, CliContext context, DeviceConnectionOptions options, CancellationToken cancellationToken)
    {
        var ports = (result.GetValue(Port) ?? Array.Empty<string>()).Distinct(StringComparer.Ordinal).ToArray();
        if (ports.Length != 1 || result.GetValue(All) || SerialPortFilter.IsPattern(ports[0]))
        {
            context.Fail(ports.Length == 0 && !result.GetValue(All)
                ? "this command needs --port <name> (list the ports with 'mpromfs devs')."
                : "this command works on one board; give one --port.");
            return null;
        }

        return await MicroPythonDevice.ConnectAsync(ports[0], WithLinkOptions(result, options), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The ports the user asked for: every --port, or with --all every port listed; <see langword="null"/> (after
    /// reporting a usage error) when there are none.
    /// </summary>
    public IReadOnlyList<string>? ResolvePorts(ParseResult result, CliContext context)
    {
        var ports = result.GetValue(Port) ?? Array.Empty<string>();
        if (result.GetValue(All))
        {
            if (ports.Length > 0)
            {
                context.Fail("give either --port or --all, not both.");
                return null;
            }

            var found = Filter(result).Select(new SerialPortCatalog().GetPorts()).Select(p => p.Port).ToList();
            if (found.Count == 0)
            {
                context.Fail("--all found no matching serial ports (list them with 'mpromfs devs').");
                return null;
            }

            return found;
        }

        if (ports.Length == 0)
        {
            context.Fail("this command needs --port <name> or --all (list the ports with 'mpromfs devs').");
            return null;
        }

        // A wildcard port expands to the listed ports it matches; a port named outright (TCP, a pty) is taken as it is.
        var listed = ports.Any(SerialPortFilter.IsPattern) ? new SerialPortCatalog().GetPorts() : Array.Empty<SerialPortInfo>();
        var resolved = new List<string>();
        foreach (var port in ports)
        {
            var matches = SerialPortFilter.IsPattern(port)
                ? (IEnumerable<string>)Filter(result).Select(listed.Where(p => SerialPortFilter.IsMatch(port, p.Port))).Select(p => p.Port)
                : new[] { port };
            resolved.AddRange(matches.Where(m => !resolved.Contains(m)));
        }

        if (resolved.Count == 0)
        {
            context.Fail("no listed serial port matches " + string.Join(", ", ports.Where(SerialPortFilter.IsPattern)) + " (list them with 'mpromfs devs').");
            return null;
        }

        return resolved;
    }

    /// <summary>Whether the command runs as a fleet (more than one board, --all or a wildcard), so each line names its board.</summary>
    public bool IsFleet(ParseResult result) =>
        result.GetValue(All)
        || (result.GetValue(Port)?.Distinct(StringComparer.Ordinal).Count() ?? 0) > 1
        || (result.GetValue(Port)?.Any(SerialPortFilter.IsPattern) ?? false);

    private SerialPortFilter Filter(ParseResult result) => new()
    {
        UsbIds = result.GetValue(UsbId) ?? Array.Empty<string>(),
        Descriptions = result.GetValue(PortDescription) ?? Array.Empty<string>(),
    };

    /// <summary>Connects to every port in parallel.</summary>
    public Task<IReadOnlyList<BoardOutcome<MicroPythonDevice>>> ConnectManyAsync(ParseResult result, IReadOnlyList<string> ports, DeviceConnectionOptions options, CancellationToken cancellationToken) =>
        FleetConnection.ConnectAsync(ports, WithLinkOptions(result, options), Fleet(result), cancellationToken);

    /// <summary>The baud rate and the WebREPL password (--password, else the environment variable) added to the options.</summary>
    public DeviceConnectionOptions WithLinkOptions(ParseResult result, DeviceConnectionOptions options)
    {
        var text = result.GetValue(Password);
        if (string.IsNullOrEmpty(text))
        {
            text = Environment.GetEnvironmentVariable(PasswordVariable);
        }

        System.Security.SecureString? password = null;
        if (!string.IsNullOrEmpty(text))
        {
            password = new System.Security.SecureString();
            foreach (var c in text!)
            {
                password.AppendChar(c);
            }

            password.MakeReadOnly();
        }

        return options with { BaudRate = result.GetValue(Baud), Password = password };
    }

    /// <summary>The fleet options --throttle-limit asks for.</summary>
    public FleetOptions Fleet(ParseResult result) => new() { ThrottleLimit = result.GetValue(ThrottleLimit) > 0 ? result.GetValue(ThrottleLimit) : null };
}
