namespace MicroPythonRomfs.Mpy.Compiler;

/// <summary>How a name is bound in a scope (upstream's id_info kinds).</summary>
internal enum IdKind
{
    Undecided,
    GlobalImplicit,
    GlobalImplicitAssigned,
    GlobalExplicit,
    Local,
    Cell,
    Free,
}
