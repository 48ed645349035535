using MicroPythonRomfs.Device;
using MicroPythonRomfs.Partitions;

namespace MicroPythonRomfs.Fleet;

/// <summary>Stable names for why one board failed, the same ids the cmdlets give their error records.</summary>
public static class FleetFailure
{
    /// <summary>The id for a failure: a partition failure's kind, else the device error's id, else the exception's type name.</summary>
    /// <param name="exception">The failure.</param>
    /// <returns>A PascalCase id such as <c>ImageTooBig</c> or <c>DeviceConnectionFailed</c>.</returns>
    public static string IdOf(Exception exception) => exception switch
    {
        null => throw new ArgumentNullException(nameof(exception)),
        RomPartitionException partition => partition.Failure.ToString(),
        DeviceTimeoutException => "DeviceTimeout",
        DeviceConnectionException => "DeviceConnectionFailed",
        DeviceAuthenticationException => "DeviceAuthenticationFailed",
        MicroPythonException => "MicroPythonError",
        OperationCanceledException => "OperationCancelled",
        _ => exception.GetType().Name.EndsWith("Exception", StringComparison.Ordinal)
            ? exception.GetType().Name.Substring(0, exception.GetType().Name.Length - "Exception".Length)
            : exception.GetType().Name,
    };
}
