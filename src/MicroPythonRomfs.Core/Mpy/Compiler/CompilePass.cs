namespace MicroPythonRomfs.Mpy.Compiler;

/// <summary>The passes upstream's compiler makes over each scope.</summary>
internal enum CompilePass
{
    Scope = 1,
    StackSize = 2,
    CodeSize = 3,
    Emit = 4,
}
