using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.Fleet;

/// <summary>One board and the ROM partition an image goes to.</summary>
public sealed class DeployTarget
{
    /// <summary>Creates a target.</summary>
    /// <param name="device">The connected board.</param>
    /// <param name="partition">The partition number.</param>
    public DeployTarget(MicroPythonDevice device, int partition)
    {
        Device = device ?? throw new ArgumentNullException(nameof(device));
        Partition = partition;
    }

    /// <summary>The connected board.</summary>
    public MicroPythonDevice Device { get; }

    /// <summary>The partition number.</summary>
    public int Partition { get; }
}
