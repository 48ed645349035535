using System.Reflection;
using System.Runtime.ExceptionServices;

namespace MicroPythonRomfs.Device;

/// <summary>The netstandard2.0 build: the host's SerialPort, bound by name at run time.</summary>
public sealed partial class SerialPortLink
{
    private static readonly Lazy<Type?> SerialPortTypeLazy = new(FindSerialPortType);

    /// <summary>Whether the host has <c>System.IO.Ports.SerialPort</c> (Windows PowerShell, PowerShell 7).</summary>
    public static bool IsAvailable => SerialPortTypeLazy.Value != null;

    /// <summary>The serial port names the host's SerialPort reports (on Windows, the COM ports); empty when the
    /// host has no SerialPort.</summary>
    /// <returns>The names.</returns>
    public static IReadOnlyList<string> GetPortNames()
    {
        var type = SerialPortTypeLazy.Value;
        if (type == null)
        {
            return Array.Empty<string>();
        }

        try
        {
            return (string[])type.GetMethod("GetPortNames", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, null)!;
        }
        catch (TargetInvocationException)
        {
            return Array.Empty<string>();
        }
    }

    private static SerialPortLink OpenCore(string portName, int baudRate, int readTimeout, int writeTimeout, SerialPortLock? portLock)
    {
        var type = SerialPortTypeLazy.Value!;
        IDisposable port;
        try
        {
            port = (IDisposable)Activator.CreateInstance(type, portName, baudRate)!;
        }
        catch (TargetInvocationException e) when (e.InnerException != null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }

        try
        {
            type.GetProperty("ReadTimeout")!.SetValue(port, readTimeout);
            type.GetProperty("WriteTimeout")!.SetValue(port, writeTimeout);
            type.GetMethod("Open", Type.EmptyTypes)!.Invoke(port, null);
        }
        catch (TargetInvocationException e) when (e.InnerException != null)
        {
            port.Dispose();
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }

        var read = (Func<byte[], int, int, int>)Delegate.CreateDelegate(typeof(Func<byte[], int, int, int>), port, type.GetMethod("Read", new[] { typeof(byte[]), typeof(int), typeof(int) })!);
        var write = (Action<byte[], int, int>)Delegate.CreateDelegate(typeof(Action<byte[], int, int>), port, type.GetMethod("Write", new[] { typeof(byte[]), typeof(int), typeof(int) })!);
        return new SerialPortLink(port, portLock, read, write, portName);
    }

    private static Type? FindSerialPortType()
    {
        // PowerShell 7 (System.IO.Ports.dll), then .NET Framework's System.dll (Windows PowerShell).
        return TryGetType("System.IO.Ports.SerialPort, System.IO.Ports")
            ?? TryGetType("System.IO.Ports.SerialPort, System, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089");
    }

    private static Type? TryGetType(string name)
    {
        try
        {
            return Type.GetType(name, throwOnError: false);
        }
        catch (Exception e) when (e is IOException or BadImageFormatException or TypeLoadException)
        {
            return null;
        }
    }
}
