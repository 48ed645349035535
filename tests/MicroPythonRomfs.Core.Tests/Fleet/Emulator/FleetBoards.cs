using MicroPythonRomfs.Device;
using MicroPythonRomfs.Tests.Device.Emulator;

namespace MicroPythonRomfs.Tests.Fleet.Emulator;

/// <summary>Several emulator boards started together and connected, disposed together.</summary>
internal sealed class FleetBoards : IDisposable
{
    private FleetBoards(IReadOnlyList<BoardEmulator> emulators, IReadOnlyList<MicroPythonDevice> devices)
    {
        Emulators = emulators;
        Devices = devices;
    }

    public IReadOnlyList<BoardEmulator> Emulators { get; }

    public IReadOnlyList<MicroPythonDevice> Devices { get; }

    /// <summary>Starts one board per argument list (over TCP) and connects to each.</summary>
    public static async Task<FleetBoards> StartAsync(params string[][] boardArguments)
    {
        var emulators = new List<BoardEmulator>();
        var devices = new List<MicroPythonDevice>();
        try
        {
            emulators.AddRange(await Task.WhenAll(boardArguments.Select(a => BoardEmulator.StartTcpAsync(a))));
            var options = new DeviceConnectionOptions { Timeout = TimeSpan.FromSeconds(20) };
            devices.AddRange(await Task.WhenAll(emulators.Select(e => MicroPythonDevice.ConnectAsync(e.Port, options, CancellationToken.None))));
            return new FleetBoards(emulators, devices);
        }
        catch
        {
            devices.ForEach(d => d.Dispose());
            emulators.ForEach(e => e.Dispose());
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var device in Devices)
        {
            device.Dispose();
        }

        foreach (var emulator in Emulators)
        {
            emulator.Dispose();
        }
    }
}
