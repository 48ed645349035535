namespace MicroPythonRomfs.Mpy.Compiler;

/// <summary>A constant object (big int, float, complex, long str, bytes, tuple) with the line it came from.</summary>
internal sealed class ConstNode : ParseNode
{
    public ConstNode(object value, int line)
    {
        Value = value;
        Line = line;
    }

    public object Value { get; }

    public int Line { get; }
}
