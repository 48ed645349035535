using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.Fleet;

/// <summary>Connects to many boards at once; a port that cannot be opened fails alone.</summary>
public static class FleetConnection
{
    /// <summary>Connects to every port concurrently.</summary>
    /// <param name="ports">The ports as users write them; a port named twice is connected once, the second attempt failing as in use.</param>
    /// <param name="options">Baud rate, timeout, soft reset; <see langword="null"/> for the defaults.</param>
    /// <param name="fleet">The throttle limit; <see langword="null"/> for the default.</param>
    /// <param name="cancellationToken">Abandons the attempts still running; their ports are closed again.</param>
    /// <returns>Per port, in order: the connected board (<see cref="BoardOutcome{T}.Device"/>), or why it could not be connected.</returns>
    public static async Task<IReadOnlyList<BoardOutcome<MicroPythonDevice>>> ConnectAsync(IReadOnlyList<string> ports, DeviceConnectionOptions? options, FleetOptions? fleet, CancellationToken cancellationToken)
    {
        if (ports == null)
        {
            throw new ArgumentNullException(nameof(ports));
        }

        fleet ??= new FleetOptions();
        var outcomes = await FleetRunner.RunAsync(
            ports,
            KeyOf,
            fleet.EffectiveThrottleLimit(ports.Count),
            (port, index, token) => MicroPythonDevice.ConnectAsync(port, options, token),
            cancellationToken).ConfigureAwait(false);
        return ports.Select((p, i) => new BoardOutcome<MicroPythonDevice>(outcomes[i].Value?.Port ?? p, outcomes[i].Value, outcomes[i].Value, outcomes[i].Exception, outcomes[i].Duration)).ToList();
    }

    private static object KeyOf(string port)
    {
        try
        {
            return DevicePortName.Parse(port).Path;
        }
        catch (ArgumentException)
        {
            // The connect attempt reports the bad name itself.
            return port;
        }
    }
}
