namespace MicroPythonRomfs.Mpy.Compiler;

/// <summary>
/// The strings upstream's parser finds already interned: mpy-cross's built-in qstrs plus every name and short string
/// seen so far in the file. A string literal longer than 10 bytes becomes a qstr only if it is found here.
/// </summary>
internal sealed class QstrInterning
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    public bool Contains(string s) => _seen.Contains(s) || StaticQstrs.IsBuiltin(s);

    public void Add(string s) => _seen.Add(s);
}
