namespace MicroPythonRomfs.Mpy;

/// <summary>
/// Whether a board loads a given <c>.mpy</c> file, decided by the checks upstream MicroPython makes at import
/// (py/persistentcode.c, <c>mp_raw_code_load</c>), so the user learns before deploying what the board would refuse.
/// </summary>
public sealed class MpyCompatibility
{
    /// <summary>The text upstream raises when the version or sub-version does not match.</summary>
    public const string IncompatibleFile = "incompatible .mpy file";

    /// <summary>The text upstream raises when native code is for another architecture.</summary>
    public const string IncompatibleArchitecture = "incompatible .mpy arch";

    /// <summary>The text upstream raises when a board without native code support meets native code.</summary>
    public const string NativeCodeUnsupported = "native code in .mpy unsupported";

    private MpyCompatibility(string? problem, string? upstreamError)
    {
        Problem = problem;
        UpstreamError = upstreamError;
    }

    /// <summary>Whether the board loads the file.</summary>
    public bool IsCompatible => Problem == null;

    /// <summary>Why the board would refuse the file, as a sentence naming the file; <see langword="null"/> when it loads.</summary>
    public string? Problem { get; }

    /// <summary>The <c>ValueError</c> text the board would raise at import, or <see langword="null"/> when it loads.</summary>
    public string? UpstreamError { get; }

    /// <summary>Decides whether a board with <paramref name="target"/> loads a file with <paramref name="file"/>.</summary>
    /// <param name="target">What the board loads (its decoded <c>sys.implementation._mpy</c>).</param>
    /// <param name="file">The header of the <c>.mpy</c> file.</param>
    /// <param name="fileName">The file's name for the message, for example "lib/driver.mpy".</param>
    /// <returns>The verdict; <see cref="Problem"/> says what to do when the board would refuse the file.</returns>
    public static MpyCompatibility Check(MpyVersionInfo target, MpyHeader file, string fileName)
    {
        if (target == null)
        {
            throw new ArgumentNullException(nameof(target));
        }

        if (file == null)
        {
            throw new ArgumentNullException(nameof(file));
        }

        var board = target.Description;
        if (file.Version != target.Version)
        {
            return Refuse(
                $"'{fileName}' is {file.Description} but the board ({board}) loads mpy {target.Version} only; recompile it with an mpy-cross that emits mpy v{target.Version}.{target.SubVersion}.",
                IncompatibleFile);
        }

        if (!file.HasNativeCode)
        {
            return Compatible;
        }

        if (file.SubVersion != target.SubVersion)
        {
            return Refuse(
                $"'{fileName}' holds native code for mpy {file.Version}.{file.SubVersion} but the board ({board}) needs mpy {target.Version}.{target.SubVersion}; recompile it with a matching mpy-cross.",
                IncompatibleFile);
        }

        if (target.Architecture == MpyArchitecture.None)
        {
            return Refuse(
                $"'{fileName}' holds {MpyArchitectureNames.GetName(file.Architecture)} native code but the board ({board}) cannot run native code; recompile it without @micropython.native/@micropython.viper.",
                NativeCodeUnsupported);
        }

        if (!RunsArchitecture(target.Architecture, file.Architecture))
        {
            return Refuse(
                $"'{fileName}' holds {MpyArchitectureNames.GetName(file.Architecture)} native code but the board ({board}) runs {MpyArchitectureNames.GetName(target.Architecture)}; recompile it with {target.MarchOption}.",
                IncompatibleArchitecture);
        }

        var fileFlags = file.ArchitectureFlags ?? 0;
        var missing = fileFlags & ~target.ArchitectureFlags;
        if (missing != 0)
        {
            return Refuse(
                $"'{fileName}' needs {MpyArchitectureNames.GetName(file.Architecture)} extensions (arch flags 0x{missing:x}) that the board ({board}) lacks; recompile it without them.",
                IncompatibleArchitecture);
        }

        return Compatible;
    }

    /// <summary>Whether a board whose native emitter is <paramref name="board"/> runs machine code made for <paramref name="code"/>.</summary>
    /// <param name="board">The board's architecture.</param>
    /// <param name="code">The architecture of the code in the file.</param>
    /// <returns>Whether the code runs.</returns>
    public static bool RunsArchitecture(MpyArchitecture board, MpyArchitecture code)
    {
        // Thumb boards run code for any older Thumb variant (upstream MPY_FEATURE_ARCH_TEST); others need an exact match.
        if (board >= MpyArchitecture.Armv6m && board <= MpyArchitecture.Armv7emdp)
        {
            return code >= MpyArchitecture.Armv6m && code <= board;
        }

        return board != MpyArchitecture.None && code == board;
    }

    private static MpyCompatibility Compatible { get; } = new MpyCompatibility(null, null);

    private static MpyCompatibility Refuse(string problem, string upstreamError) => new MpyCompatibility(problem, upstreamError);
}
