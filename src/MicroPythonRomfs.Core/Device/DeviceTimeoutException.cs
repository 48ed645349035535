namespace MicroPythonRomfs.Device;

/// <summary>A board did not answer within the allowed time.</summary>
public sealed class DeviceTimeoutException : TimeoutException
{
    /// <summary>Creates the exception with a message such as
    /// "COM3 did not answer within 5 s while entering the raw REPL.".</summary>
    /// <param name="port">The port, as the user named it.</param>
    /// <param name="step">What was being waited for, for example "entering the raw REPL".</param>
    /// <param name="timeout">How long the wait was.</param>
    /// <param name="received">A printable excerpt of what did arrive, or an empty string.</param>
    public DeviceTimeoutException(string port, string step, TimeSpan timeout, string received = "")
        : base(BuildMessage(port, step, timeout, received))
    {
        Port = port;
        Step = step;
        Timeout = timeout;
    }

    /// <summary>The port, as the user named it.</summary>
    public string Port { get; }

    /// <summary>What was being waited for.</summary>
    public string Step { get; }

    /// <summary>How long the wait was.</summary>
    public TimeSpan Timeout { get; }

    private static string BuildMessage(string port, string step, TimeSpan timeout, string received)
    {
        var seconds = timeout.TotalSeconds.ToString(timeout.TotalSeconds < 10 && timeout.TotalSeconds != Math.Floor(timeout.TotalSeconds) ? "0.0#" : "0", System.Globalization.CultureInfo.InvariantCulture);
        var message = $"{port} did not answer within {seconds} s while {step}.";
        return received.Length == 0 ? message : message + " Last bytes received: " + received;
    }
}
