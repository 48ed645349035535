namespace MicroPythonRomfs.Mpy.Compiler;

/// <summary>What a scope compiles from; the order matches upstream (function-like kinds last).</summary>
internal enum ScopeKind
{
    Module,
    Class,
    Function,
    Lambda,
    ListComp,
    DictComp,
    SetComp,
    GenExpr,
}
