namespace MicroPythonRomfs.Mpy.Compiler;

/// <summary>A tuple constant (upstream folds tuples of constants into one object).</summary>
internal sealed class PyTuple
{
    public PyTuple(object[] items) => Items = items;

    public object[] Items { get; }
}
