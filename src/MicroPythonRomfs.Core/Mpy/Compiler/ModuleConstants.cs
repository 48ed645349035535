namespace MicroPythonRomfs.Mpy.Compiler;

/// <summary>
/// The tables shared by every raw code of one module (upstream's emit_common): qstrs in order of first use, with
/// the source name first, and constant objects in order of first use, deduplicated by strict equality.
/// </summary>
internal sealed class ModuleConstants
{
    private readonly Dictionary<string, int> _qstrIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _objectIndex = new(StringComparer.Ordinal);

    public ModuleConstants(string sourceName)
    {
        UseQstr(sourceName);
    }

    public List<string> Qstrs { get; } = new();

    public List<object> Objects { get; } = new();

    public int UseQstr(string qstr)
    {
        if (!_qstrIndex.TryGetValue(qstr, out var index))
        {
            index = Qstrs.Count;
            _qstrIndex[qstr] = index;
            Qstrs.Add(qstr);
        }

        return index;
    }

    public int UseObject(object value)
    {
        var key = PyConstant.StrictKey(value);
        if (!_objectIndex.TryGetValue(key, out var index))
        {
            index = Objects.Count;
            _objectIndex[key] = index;
            Objects.Add(value);
        }

        return index;
    }
}
