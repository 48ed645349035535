using System.Management.Automation;
using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.PowerShell;

/// <summary>Error records for device commands: stable ids, a category, and the device or port as the target.</summary>
internal static class DeviceErrorRecords
{
    public const string ConnectionFailedId = "DeviceConnectionFailed";
    public const string TimeoutId = "DeviceTimeout";
    public const string AuthenticationFailedId = "DeviceAuthenticationFailed";
    public const string MicroPythonErrorId = "MicroPythonError";
    public const string UnreadableResultId = "UnreadableEvalResult";
    public const string NoDeviceId = "NoDeviceConnected";
    public const string InvalidPortId = "InvalidPortName";
    public const string InvalidCodeId = "InvalidMicroPythonCode";
    public const string AlreadyConnectedId = "DeviceAlreadyConnected";
    public const string SerialNotSupportedId = "SerialPortNotSupported";
    public const string NotAnExpressionId = "NotAnExpression";

    /// <summary>Maps a core exception to a record (a bug becomes an internal-error record); <see langword="null"/> only for cancellation.</summary>
    public static ErrorRecord? FromException(Exception exception, object? target) =>
        (FromDeviceException(exception, target) ?? UnexpectedErrorRecords.FromException(exception, target)) is { } record
            ? CliFlagText.Clean(record)
            : null;

    /// <summary>Maps the exceptions of device code to a record; <see langword="null"/> for any other exception.</summary>
    /// <remarks>For a board's Python exception, <c>CategoryInfo.Reason</c> is the Python exception name (for
    /// example <c>OSError</c>), so scripts can tell errors apart without parsing messages.</remarks>
    public static ErrorRecord? FromDeviceException(Exception exception, object? target)
    {
        if (exception is IContainsErrorRecord)
        {
            // PowerShell's own errors (a prompt in a non-interactive host, a stopped pipeline) keep their records.
            return null;
        }

        switch (exception)
        {
            case MicroPythonException python:
                {
                    var record = new ErrorRecord(python, MicroPythonErrorId, ErrorCategory.InvalidResult, target);
                    record.CategoryInfo.Reason = python.ExceptionName;
                    record.ErrorDetails = new ErrorDetails(python.Message) { RecommendedAction = "See the exception's Traceback property for where the code failed on the board." };
                    return record;
                }

            case DeviceTimeoutException timeout:
                return new ErrorRecord(timeout, TimeoutId, ErrorCategory.OperationTimeout, target ?? timeout.Port);
            case DeviceAuthenticationException authentication:
                {
                    var record = new ErrorRecord(authentication, AuthenticationFailedId, ErrorCategory.AuthenticationError, target ?? authentication.Port);
                    record.ErrorDetails = new ErrorDetails(authentication.Message) { RecommendedAction = "Give the board's WebREPL password with -Credential or -Password." };
                    return record;
                }
            case DeviceConnectionException connection:
                return new ErrorRecord(connection, ConnectionFailedId, ErrorCategory.ConnectionError, target ?? connection.Port);
            case PythonLiteralException literal:
                return new ErrorRecord(literal, UnreadableResultId, ErrorCategory.InvalidResult, target);
            case PlatformNotSupportedException platform:
                return new ErrorRecord(platform, SerialNotSupportedId, ErrorCategory.NotImplemented, target);
            case ArgumentException code when code.ParamName == "code":
                return new ErrorRecord(code, InvalidCodeId, ErrorCategory.InvalidArgument, target);
            case ArgumentException argument:
                return new ErrorRecord(argument, InvalidPortId, ErrorCategory.InvalidArgument, target);
            case PSInvalidOperationException:
                // The host's own errors (a -Confirm prompt in a non-interactive host) keep their records, as built-in cmdlets do.
                return null;
            case InvalidOperationException noDevice:
                return new ErrorRecord(noDevice, NoDeviceId, ErrorCategory.ResourceUnavailable, target);
            default:
                return null;
        }
    }
}
