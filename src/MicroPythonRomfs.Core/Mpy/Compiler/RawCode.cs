namespace MicroPythonRomfs.Mpy.Compiler;

/// <summary>The compiled form of one scope: its prelude and bytecode, and its children in the order they are made.</summary>
internal sealed class RawCode
{
    public byte[] Code { get; set; } = Array.Empty<byte>();

    public List<RawCode> Children { get; set; } = new();

    public string Name { get; set; } = string.Empty;
}
