namespace MicroPythonRomfs.Cli;

/// <summary>The mpy-cross options of one <c>mpromfs compile</c> run.</summary>
/// <param name="OptimizationLevel">-O.</param>
/// <param name="SmallIntBits">-msmall-int-bits.</param>
/// <param name="Architecture">-march, or null.</param>
/// <param name="ExtraOptions">The -X options, as given.</param>
/// <param name="MpyCrossPath">--mpy-cross, or null to look in MPY_CROSS and PATH.</param>
internal sealed record CompileSettings(int OptimizationLevel, int SmallIntBits, string? Architecture, IReadOnlyList<string> ExtraOptions, string? MpyCrossPath)
{
    /// <summary>The -X emit= value; bytecode unless given.</summary>
    public string Emit => ExtraOptions.LastOrDefault(x => x.StartsWith("emit=", StringComparison.Ordinal))?.Substring(5) ?? "bytecode";

    /// <summary>Whether -X emit=native or viper asks for native code everywhere, which only mpy-cross makes.</summary>
    public bool EmitsNativeCode => Emit != "bytecode";
}
