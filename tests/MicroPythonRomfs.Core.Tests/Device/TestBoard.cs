using System.Globalization;
using MicroPythonRomfs.Partitions;
using MicroPythonRomfs.Tests.Device.Emulator;
using MicroPythonRomfs.Tests.Device.Rig;

namespace MicroPythonRomfs.Tests.Device;

/// <summary>
/// A board for a device test, either kind, started the same way: over TCP or behind a pseudo-terminal, with fresh
/// flash. Arguments use the emulator's spelling; the upstream board understands <c>--partition</c> (at most two) and
/// <c>--block-size</c>, ignores <c>--paste-window</c> (its raw-paste window is the firmware's own) and refuses the
/// emulator's fault injections, which stay emulator-only.
/// </summary>
public sealed class TestBoard : IDisposable
{
    private TestBoard(BoardEmulator? emulator, UpstreamBoard? upstream)
    {
        Emulator = emulator;
        Upstream = upstream;
    }

    /// <summary>Which board this is.</summary>
    public BoardKind Kind => Emulator != null ? BoardKind.Emulator : BoardKind.Upstream;

    /// <summary>The password of the boards <see cref="StartWebReplAsync"/> starts.</summary>
    public const string WebReplPassword = "secret";

    /// <summary>The port to connect to: <c>socket://127.0.0.1:N</c>, the pty's path, or <c>ws://127.0.0.1:N</c>.</summary>
    public string Port => Emulator?.Port ?? Upstream!.WebReplUrl ?? Upstream!.Port;

    /// <summary>The emulator, when <see cref="Kind"/> is <see cref="BoardKind.Emulator"/>.</summary>
    public BoardEmulator? Emulator { get; }

    /// <summary>The upstream board, when <see cref="Kind"/> is <see cref="BoardKind.Upstream"/>.</summary>
    public UpstreamBoard? Upstream { get; }

    /// <summary>Both kinds, as theory data.</summary>
    public static TheoryData<BoardKind> Kinds() => new() { BoardKind.Emulator, BoardKind.Upstream };

    /// <summary>Starts a board served over TCP.</summary>
    public static async Task<TestBoard> StartTcpAsync(BoardKind kind, params string[] arguments) => kind == BoardKind.Emulator
        ? new TestBoard(await BoardEmulator.StartTcpAsync(arguments), null)
        : new TestBoard(null, await UpstreamBoard.StartTcpAsync(UpstreamOptions(arguments)));

    /// <summary>Starts a board behind a pseudo-terminal.</summary>
    public static async Task<TestBoard> StartPtyAsync(BoardKind kind, params string[] arguments) => kind == BoardKind.Emulator
        ? new TestBoard(await BoardEmulator.StartPtyAsync(arguments), null)
        : new TestBoard(null, await UpstreamBoard.StartPtyAsync(UpstreamOptions(arguments)));

    /// <summary>
    /// Starts a board served over WebREPL with the password <see cref="WebReplPassword"/>: the emulator's WebREPL
    /// front, or upstream's WebREPL board behind its pty. The upstream board gets a 64 MB heap: on the unix port a
    /// garbage collection closes the WebREPL socket (its makefile() opens a second file object on the socket's
    /// descriptor, whose finaliser closes it), which an esp32 does not do, so the tests keep the collector idle.
    /// </summary>
    public static async Task<TestBoard> StartWebReplAsync(BoardKind kind, params string[] arguments) => kind == BoardKind.Emulator
        ? new TestBoard(await BoardEmulator.StartWebReplAsync(WebReplPassword, arguments), null)
        : new TestBoard(null, await UpstreamBoard.StartPtyAsync(UpstreamOptions(arguments) with { WebRepl = true, WebReplPassword = WebReplPassword, HeapKb = 65536, DrainConsole = true }));


    /// <summary>Freezes the board (SIGSTOP): the port stays open but nothing answers.</summary>
    public void Suspend()
    {
        if (Emulator != null)
        {
            Emulator.Suspend();
        }
        else
        {
            Upstream!.Suspend();
        }
    }

    /// <summary>Lets a suspended board run again.</summary>
    public void Resume()
    {
        if (Emulator != null)
        {
            Emulator.Resume();
        }
        else
        {
            Upstream!.Resume();
        }
    }

    /// <summary>Kills the board, as if it were unplugged.</summary>
    public void Kill()
    {
        if (Emulator != null)
        {
            Emulator.Kill();
        }
        else
        {
            Upstream!.Kill();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Emulator?.Dispose();
        Upstream?.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => Kind + " " + Port;

    private static UpstreamBoardOptions UpstreamOptions(string[] arguments)
    {
        var partitions = new List<int>();
        int? blockSize = null;
        for (var i = 0; i < arguments.Length; i++)
        {
            switch (arguments[i])
            {
                case "--partition" when i + 1 < arguments.Length:
                    partitions.Add(int.Parse(arguments[++i], CultureInfo.InvariantCulture));
                    break;
                case "--block-size" when i + 1 < arguments.Length:
                    blockSize = int.Parse(arguments[++i], CultureInfo.InvariantCulture);
                    break;
                case "--paste-window" when i + 1 < arguments.Length:
                    i++;
                    break;
                default:
                    throw new NotSupportedException($"The upstream board has no emulator option '{arguments[i]}'; that test is emulator-only.");
            }
        }

        if (partitions.Count > 2)
        {
            throw new NotSupportedException("The upstream board has two ROM partitions; that test is emulator-only.");
        }

        return new UpstreamBoardOptions
        {
            Rom0Size = partitions.Count > 0 ? partitions[0] : null,
            Rom1Size = partitions.Count > 1 ? partitions[1] : null,
            BlockSize = blockSize,
        };
    }
}
