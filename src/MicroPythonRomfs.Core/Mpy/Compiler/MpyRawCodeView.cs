namespace MicroPythonRomfs.Mpy.Compiler;

/// <summary>One raw code read back from a .mpy: its prelude and bytecode, and its children.</summary>
internal sealed class MpyRawCodeView
{
    public MpyRawCodeView(byte[] code) => Code = code;

    public byte[] Code { get; }

    public List<MpyRawCodeView> Children { get; } = new();
}
