namespace MicroPythonRomfs.Mpy.Compiler;

/// <summary>None and Ellipsis.</summary>
internal sealed class PySingleton
{
    public PySingleton(string name) => Name = name;

    public string Name { get; }

    public override string ToString() => Name;
}
