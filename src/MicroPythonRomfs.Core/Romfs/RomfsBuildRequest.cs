using MicroPythonRomfs.Mpy;
using MicroPythonRomfs.Reporting;

namespace MicroPythonRomfs.Romfs;

/// <summary>
/// What a user asked for when building a folder (the front ends' build options as plain data), turned into
/// <see cref="RomfsBuildOptions"/> in one place so that every command that builds decides the compiler, architecture
/// and target the same way.
/// </summary>
public sealed class RomfsBuildRequest
{
    /// <summary>Store <c>.py</c> files as they are instead of compiling them.</summary>
    public bool NoMpy { get; init; }

    /// <summary>The compiler asked for; <see langword="null"/> when none was named (see <see cref="MpyCompilerSelection"/>).</summary>
    public MpyCompilerKind? Compiler { get; init; }

    /// <summary>The mpy-cross executable named, or <see langword="null"/>.</summary>
    public string? MpyCrossPath { get; init; }

    /// <summary>The native architecture asked for; <see langword="null"/> to use the target board's, else none.</summary>
    public MpyArchitecture? Architecture { get; init; }

    /// <summary>Extra arguments for mpy-cross.</summary>
    public IReadOnlyList<string> CompilerArguments { get; init; } = Array.Empty<string>();

    /// <summary>The alignment of every file's data (see <see cref="RomfsBuildOptions.Alignment"/>).</summary>
    public int Alignment { get; init; } = 1;

    /// <summary>Patterns of entries to leave out (see <see cref="RomfsBuildOptions.Exclude"/>).</summary>
    public IReadOnlyList<string> Exclude { get; init; } = Array.Empty<string>();

    /// <summary>Chooses the compiler and returns the build options this request describes.</summary>
    /// <param name="target">The board the image is for, whose <c>.mpy</c> version files are checked against; <see langword="null"/> for none.</param>
    /// <param name="reporter">Receives the compiler's and the build's warnings.</param>
    /// <param name="cancellationToken">Cancels finding the compiler.</param>
    /// <returns>The options.</returns>
    public async Task<RomfsBuildOptions> ToBuildOptionsAsync(MpyVersionInfo? target, IOperationReporter? reporter, CancellationToken cancellationToken)
    {
        IMpyCompiler? compiler = null;
        if (!NoMpy)
        {
            var options = new MpyCrossOptions { Architecture = Architecture ?? target?.Architecture ?? MpyArchitecture.None, ExtraArguments = CompilerArguments };
            compiler = await MpyCompilerSelection.ResolveAsync(Compiler, MpyCrossPath, options, reporter, cancellationToken).ConfigureAwait(false);
        }

        return new RomfsBuildOptions
        {
            CompileMpy = !NoMpy,
            Compiler = compiler,
            Alignment = Alignment,
            Exclude = Exclude,
            Reporter = reporter ?? NullOperationReporter.Instance,
            Target = target,
            RejectIncompatibleMpy = target != null,
        };
    }
}
