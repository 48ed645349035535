using System.CommandLine;
using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.Cli;

/// <summary>The global options for commands that talk to a board, and how they open it.</summary>
internal sealed class DeviceOptions
{
    public DeviceOptions()
    {
        Port = new Option<string?>("--port")
        {
            Description = "The board's port: COM3, /dev/ttyACM0, socket://host:port, or a0/u0/c0 as in mpremote.",
            Recursive = true,
        };
        Baud = new Option<int>("--baud")
        {
            Description = "The serial baud rate (default 115200).",
            DefaultValueFactory = _ => 115200,
            Recursive = true,
        };
    }

    public Option<string?> Port { get; }

    public Option<int> Baud { get; }

    public void AddTo(Command root)
    {
        root.Options.Add(Port);
        root.Options.Add(Baud);
    }

    /// <summary>Connects to the board named by --port; a missing --port is reported as a usage error.</summary>
    public async Task<MicroPythonDevice?> ConnectAsync(ParseResult result, CliContext context, DeviceConnectionOptions options, CancellationToken cancellationToken)
    {
        var port = result.GetValue(Port);
        if (string.IsNullOrWhiteSpace(port))
        {
            context.Fail("this command needs --port <name> (list the ports with 'mpromfs devs').");
            return null;
        }

        return await MicroPythonDevice.ConnectAsync(port!, options with { BaudRate = result.GetValue(Baud) }, cancellationToken).ConfigureAwait(false);
    }
}
