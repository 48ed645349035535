using System.Management.Automation;
using MicroPythonRomfs.Mpy;
using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.PowerShell;

/// <summary>
/// The parameters and steps shared by the cmdlets that build an image from a folder (<c>New-RomfsImage</c>, and
/// <c>Publish-RomfsImage</c> when given a folder), so both build exactly the same image from the same options.
/// </summary>
public abstract class RomfsBuildCommandBase : PSCmdlet, IDisposable
{
    /// <summary>Store <c>.py</c> files as they are, without compiling.</summary>
    [Parameter]
    public SwitchParameter NoMpy { get; set; }

    /// <summary>
    /// Which compiler turns <c>.py</c> into <c>.mpy</c>: <c>Auto</c> (the default: the built-in compiler, with mpy-cross
    /// for code that needs native emitters when it is found), <c>Managed</c> (built-in only), or <c>MpyCross</c>.
    /// Naming <c>-MpyCross</c> without this means <c>MpyCross</c>.
    /// </summary>
    [Parameter]
    public MpyCompilerKind Compiler { get; set; }

    /// <summary>
    /// The <c>mpy-cross</c> executable to compile with; by default the <c>MPY_CROSS</c> environment variable, then
    /// <c>mpy-cross</c> on the PATH. Without one, <c>.py</c> files are stored as they are, with a warning.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? MpyCross { get; set; }

    /// <summary>
    /// The native architecture to compile for (mpy-cross <c>-march</c>); bytecode-only when not given. When deploying
    /// a folder, the connected board's architecture is used unless this is given.
    /// </summary>
    [Parameter]
    public MpyArchitecture Architecture { get; set; }

    /// <summary>Extra options passed to mpy-cross as they are, for example <c>-O2</c>.</summary>
    [Parameter]
    public string[] CompilerOption { get; set; } = Array.Empty<string>();

    /// <summary>Entries to leave out: <c>*</c>, <c>?</c>, <c>**</c> wildcards, matched against names, or paths when the pattern has a <c>/</c>.</summary>
    [Parameter]
    public string[] Exclude { get; set; } = Array.Empty<string>();

    /// <summary>Aligns every file's data to this many bytes from the start of the image (a power of two; 1 for none).</summary>
    [Parameter]
    [ValidateRange(1, RomfsWriter.MaxAlignment)]
    [ValidatePowerOfTwo]
    public int Align { get; set; } = 1;

    /// <summary>Cancelled when the user presses Ctrl+C.</summary>
    protected CancellationTokenSource Cancellation { get; } = new();

    /// <inheritdoc/>
    public void Dispose()
    {
        Cancellation.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc/>
    protected override void StopProcessing() => Cancellation.Cancel();

    /// <summary>The compiler <c>-Compiler</c> and <c>-MpyCross</c> choose, unless <c>-NoMpy</c>; <see langword="null"/> when mpy-cross was chosen and is not found (the builder then warns and stores sources).</summary>
    /// <param name="reporter">Receives the compiler's warnings.</param>
    /// <param name="architecture">The architecture to compile for.</param>
    /// <returns>The compiler, or <see langword="null"/>.</returns>
    private protected IMpyCompiler? ResolveCompiler(CmdletOperationReporter reporter, MpyArchitecture architecture)
    {
        if (NoMpy)
        {
            return null;
        }

        var options = new MpyCrossOptions { Architecture = architecture, ExtraArguments = CompilerOption ?? Array.Empty<string>() };
        MpyCompilerKind? kind = MyInvocation.BoundParameters.ContainsKey(nameof(Compiler)) ? Compiler : null;
        try
        {
            return reporter.Run(token => MpyCompilerSelection.ResolveAsync(kind, MpyCross, options, reporter, token), Cancellation.Token);
        }
        catch (Exception ex) when (RomfsErrorRecords.FromException(ex, MpyCross) is { } record)
        {
            ThrowTerminatingError(record);
            return null;
        }
    }

    /// <summary>The build options these parameters describe.</summary>
    /// <param name="compiler">The compiler from <see cref="ResolveCompiler"/>.</param>
    /// <param name="reporter">Receives the build's warnings.</param>
    /// <param name="target">The board the image is for, whose <c>.mpy</c> version files are checked against; <see langword="null"/> for none.</param>
    /// <returns>The options.</returns>
    private protected RomfsBuildOptions CreateBuildOptions(IMpyCompiler? compiler, CmdletOperationReporter reporter, MpyVersionInfo? target) => new()
    {
        CompileMpy = !NoMpy,
        Compiler = compiler,
        Exclude = Exclude ?? Array.Empty<string>(),
        Alignment = Align,
        Reporter = reporter,
        Target = target,
        RejectIncompatibleMpy = target != null,
    };
}
