namespace MicroPythonRomfs.Mpy.Compiler;

/// <summary>How <see cref="ManagedMpyCompiler"/> compiles: the same choices <c>mpy-cross</c> offers on its command line.</summary>
public sealed class MpyCompilerOptions
{
    /// <summary>The optimisation level (<c>-O</c>); 0 keeps asserts and line numbers as upstream's default does.</summary>
    public int OptimizationLevel { get; init; }

    /// <summary>The number of bits in the target's small int (<c>-msmall-int-bits</c>); upstream's default is 31.</summary>
    public int SmallIntBits { get; init; } = 31;

    /// <summary>
    /// The native architecture (<c>-march</c>), accepted for compatibility; bytecode is the same for every architecture.
    /// Code that needs a native emitter is refused by name and line.
    /// </summary>
    public string? Architecture { get; init; }
}
