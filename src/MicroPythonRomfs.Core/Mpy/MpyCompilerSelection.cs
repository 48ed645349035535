using MicroPythonRomfs.Mpy.Compiler;
using MicroPythonRomfs.Reporting;

namespace MicroPythonRomfs.Mpy;

/// <summary>Turns the user's compiler choice (-Compiler, --compiler) into a compiler; the one call cmdlets and mpromfs make.</summary>
public static class MpyCompilerSelection
{
    /// <summary>Resolves a compiler choice.</summary>
    /// <param name="kind">
    /// The choice, or <see langword="null"/> when the user made none: then mpy-cross when the user named one
    /// (<paramref name="mpyCrossPath"/>), else <see cref="MpyCompilerKind.Auto"/>.
    /// </param>
    /// <param name="mpyCrossPath">The mpy-cross the user named, or <see langword="null"/> to look in MPY_CROSS and PATH.</param>
    /// <param name="mpyCrossOptions">Architecture and extra options for mpy-cross; the architecture also goes into the managed compiler's options.</param>
    /// <param name="reporter">Receives which compiler is used and any warning.</param>
    /// <param name="cancellationToken">Cancels looking for mpy-cross.</param>
    /// <returns>The compiler; <see langword="null"/> only for <see cref="MpyCompilerKind.MpyCross"/> when none is found.</returns>
    /// <exception cref="FileNotFoundException">The named mpy-cross does not exist.</exception>
    /// <exception cref="MpyCrossUnavailableException">The named mpy-cross does not work like mpy-cross.</exception>
    public static async Task<IMpyCompiler?> ResolveAsync(MpyCompilerKind? kind, string? mpyCrossPath, MpyCrossOptions? mpyCrossOptions, IOperationReporter? reporter, CancellationToken cancellationToken)
    {
        reporter ??= NullOperationReporter.Instance;
        mpyCrossOptions ??= new MpyCrossOptions();
        kind ??= mpyCrossPath != null ? MpyCompilerKind.MpyCross : MpyCompilerKind.Auto;
        if (kind == MpyCompilerKind.MpyCross)
        {
            return await MpyCrossCompiler.LocateAsync(mpyCrossPath, mpyCrossOptions, reporter, cancellationToken).ConfigureAwait(false);
        }

        var managed = new ManagedMpyCompiler(new MpyCompilerOptions
        {
            Architecture = mpyCrossOptions.Architecture == MpyArchitecture.None ? null : MpyArchitectureNames.GetName(mpyCrossOptions.Architecture),
        });
        if (kind == MpyCompilerKind.Managed)
        {
            return managed;
        }

        // mpy-cross is looked for only to compile native code; its absence is not worth a warning unless such code turns up.
        var fallback = await MpyCrossCompiler.LocateAsync(mpyCrossPath, mpyCrossOptions, NullOperationReporter.Instance, cancellationToken).ConfigureAwait(false);
        var auto = new AutoMpyCompiler(managed, fallback, reporter);
        reporter.Verbose($"Compiling with the {auto.Description}.");
        return auto;
    }
}
