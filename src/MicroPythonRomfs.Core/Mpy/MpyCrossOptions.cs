namespace MicroPythonRomfs.Mpy;

/// <summary>How <see cref="MpyCrossCompiler"/> runs <c>mpy-cross</c>.</summary>
public sealed class MpyCrossOptions
{
    /// <summary>The native architecture to emit for (<c>-march=</c>); <see cref="MpyArchitecture.None"/> passes no <c>-march</c>.</summary>
    public MpyArchitecture Architecture { get; init; }

    /// <summary>The bytecode optimisation level (<c>-O</c>N, 0-3), or <see langword="null"/> for the compiler's default.</summary>
    public int? OptimizationLevel { get; init; }

    /// <summary>Further options passed as they are, before the source file (for example <c>-msmall-int-bits=31</c>, <c>-X emit=native</c>).</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = Array.Empty<string>();

    /// <summary>How many compilers run at once; defaults to the number of processors.</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>How long one file may take before its compiler is killed; defaults to 60 seconds.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
}
