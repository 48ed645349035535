namespace MicroPythonRomfs.Device;

/// <summary>
/// A link whose bytes land in a small buffer on the board that drops what does not fit, instead of holding the host
/// back: WebREPL queues its input in the board's 260-byte stdin ring (<c>os.dupterm_notify</c>, esp32 and esp8266).
/// Flow-controlled transfers keep no more than <see cref="BoardInputBuffer"/> bytes in flight over such a link.
/// </summary>
public interface IBoundedInputLink : IDeviceLink
{
    /// <summary>The most bytes the board can hold before its program reads them.</summary>
    int BoardInputBuffer { get; }
}
