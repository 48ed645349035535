namespace MicroPythonRomfs.Mpy.Compiler;

/// <summary>A string interned as a qstr.</summary>
internal sealed class StringNode : ParseNode
{
    public StringNode(string value) => Value = value;

    public string Value { get; }

    public override string ToString() => "'" + Value + "'";
}
