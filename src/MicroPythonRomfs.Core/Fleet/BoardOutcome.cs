using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.Fleet;

/// <summary>What one board of a fleet operation gave: a value, or the error that stopped it on that board alone.</summary>
/// <typeparam name="T">The operation's value for one board.</typeparam>
public sealed class BoardOutcome<T>
{
    /// <summary>Creates an outcome.</summary>
    /// <param name="port">The board's port.</param>
    /// <param name="device">The connected board, or <see langword="null"/> when it could not be connected.</param>
    /// <param name="value">The value, when the operation succeeded.</param>
    /// <param name="exception">The failure, or <see langword="null"/>.</param>
    /// <param name="duration">How long the board's work took.</param>
    public BoardOutcome(string port, MicroPythonDevice? device, T? value, Exception? exception, TimeSpan duration)
    {
        Port = port ?? throw new ArgumentNullException(nameof(port));
        Device = device;
        Value = value;
        Exception = exception;
        Duration = duration;
    }

    /// <summary>The board's port.</summary>
    public string Port { get; }

    /// <summary>The connected board, where there is one.</summary>
    public MicroPythonDevice? Device { get; }

    /// <summary>The board's unique id as hex, where known.</summary>
    public string? UniqueId => Device?.UniqueId;

    /// <summary>The value, when the operation succeeded on this board.</summary>
    public T? Value { get; }

    /// <summary>Whether the operation succeeded on this board.</summary>
    public bool Succeeded => Exception == null;

    /// <summary>The failure on this board, or <see langword="null"/>.</summary>
    public Exception? Exception { get; }

    /// <summary>A stable name for the kind of failure (<c>ImageTooBig</c>, <c>DeviceConnectionFailed</c>, ...), or <see langword="null"/>.</summary>
    public string? ErrorId => Exception == null ? null : FleetFailure.IdOf(Exception);

    /// <summary>The failure's message, naming the board, or <see langword="null"/>.</summary>
    public string? Error => Exception?.Message;

    /// <summary>How long the board's work took.</summary>
    public TimeSpan Duration { get; }
}
