namespace MicroPythonRomfs.Mpy.Compiler;

/// <summary>An identifier.</summary>
internal sealed class NameNode : ParseNode
{
    public NameNode(string name) => Name = name;

    public string Name { get; }

    public override string ToString() => Name;
}
