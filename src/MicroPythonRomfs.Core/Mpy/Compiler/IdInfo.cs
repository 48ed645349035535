namespace MicroPythonRomfs.Mpy.Compiler;

/// <summary>One name in a scope: its binding kind, parameter flags and local slot.</summary>
internal sealed class IdInfo
{
    public const int FlagIsParam = 1;
    public const int FlagIsStarParam = 2;
    public const int FlagIsDblStarParam = 4;

    public IdInfo(string name, IdKind kind)
    {
        Name = name;
        Kind = kind;
    }

    public string Name { get; }

    public IdKind Kind { get; set; }

    public int Flags { get; set; }

    public int LocalNum { get; set; }

    public IdInfo Clone() => new(Name, Kind) { Flags = Flags, LocalNum = LocalNum };

    public override string ToString() => $"{Name}:{Kind}#{LocalNum}";
}
