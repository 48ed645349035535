namespace MicroPythonRomfs.Mpy.Compiler;

/// <summary>A bytes constant.</summary>
internal sealed class PyBytes
{
    public PyBytes(byte[] data) => Data = data;

    public byte[] Data { get; }
}
