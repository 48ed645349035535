using System.Management.Automation;
using MicroPythonRomfs.Mpy;
using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Builds a MicroPython ROMFS image from a folder or from piped files.</para>
/// <para type="description">
/// <c>New-RomfsImage ./app</c> builds the folder's contents into <c>app.romfs</c> beside the folder.
/// <c>Get-ChildItem ./app -Recurse | New-RomfsImage</c> builds the piped files, keeping their paths relative to the
/// root folder; piped folders add their contents.
/// </para>
/// <para type="description">
/// Without -RootPath, the root of piped or listed files is the deepest folder that holds them all (for
/// <c>Get-ChildItem ./app -Recurse</c>, <c>./app</c>; for <c>Get-ChildItem -Recurse -File</c>, the current folder), and
/// the image is written beside that folder and named after it, as for a folder given by name. -Verbose says which
/// root and output were chosen; -RootPath and -OutFile choose them.
/// </para>
/// </summary>
[Cmdlet(VerbsCommon.New, "RomfsImage", DefaultParameterSetName = PathParameterSet, SupportsShouldProcess = true)]
[OutputType(typeof(RomfsImageInfo))]
public sealed class NewRomfsImageCommand : RomfsBuildCommandBase
{
    /// <summary>The parameter set that takes wildcard paths.</summary>
    public const string PathParameterSet = "Path";

    /// <summary>The parameter set that takes literal paths (and piped file-system objects).</summary>
    public const string LiteralPathParameterSet = "LiteralPath";

    private readonly List<string> _inputs = new();
    /// <summary>Folders or files to build from; wildcards are expanded.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathParameterSet, ValueFromPipeline = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>Folders or files to build from, taken as written; <c>Get-ChildItem</c> output binds here through its <c>PSPath</c> property.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathParameterSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    /// <summary>
    /// The folder that paths inside the image are relative to; the default output is named after it. By default the
    /// deepest folder holding every file and folder given (a single folder given is itself the root).
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? RootPath { get; set; }

    /// <summary>The image file to write; by default the folder's name plus <c>.romfs</c>, beside the folder.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? OutFile { get; set; }

    /// <summary>Compile <c>.py</c> files to <c>.mpy</c> (the default) and fail when no compiler is available.</summary>
    [Parameter]
    public SwitchParameter Mpy { get; set; }

    /// <summary>Overwrites an existing output file.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Writes the image object (path, size, counts, entries, hash) to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var literal = ParameterSetName == LiteralPathParameterSet;
        _inputs.AddRange(ProviderPathResolver.Resolve(this, literal ? LiteralPath : Path, literal));
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        if (Mpy && NoMpy)
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("-Mpy and -NoMpy cannot be used together."), RomfsErrorRecords.InvalidArgumentId, ErrorCategory.InvalidArgument, null));
        }

        if (_inputs.Count == 0)
        {
            return;
        }

        var reporter = new CmdletOperationReporter(this);
        var compiler = ResolveCompiler(reporter, Architecture);
        if (Mpy && compiler == null)
        {
            ThrowTerminatingError(RomfsErrorRecords.CompilerNotFound());
        }

        var options = CreateBuildOptions(compiler, reporter, target: null);
        var rootPath = RootPath == null ? null : ProviderPathResolver.ResolveOutput(this, RootPath);
        var outFile = OutFile == null ? null : ProviderPathResolver.ResolveOutput(this, OutFile);
        var inputs = _inputs.Distinct(StringComparer.Ordinal).ToList();
        if (rootPath == null && (inputs.Count > 1 || !Directory.Exists(inputs[0])))
        {
            rootPath = CommonFolder(inputs);
            WriteVerbose($"Paths in the image are relative to '{rootPath}', the deepest folder holding every item given (-RootPath chooses another).");
        }

        WriteVerbose(outFile != null
            ? $"Writing the image to '{outFile}'."
            : $"Writing the image beside the folder, to '{RomfsFile.GetDefaultOutputPath(rootPath ?? inputs[0])}' (-OutFile chooses another).");
        try
        {
            var info = reporter.Run(token => RomfsFile.CreateFromPathsAsync(inputs, rootPath, outFile, options, Force, token), Cancellation.Token);
            if (info != null && PassThru)
            {
                WriteObject(info);
            }
        }
        catch (MpyCompilationException ex) when (ex.Errors.Count > 1)
        {
            // One record per file names each file and line; the terminating record says how many failed.
            foreach (var error in ex.Errors)
            {
                WriteError(RomfsErrorRecords.CompileError(error));
            }

            ThrowTerminatingError(RomfsErrorRecords.FromException(ex, outFile)!);
        }
        catch (Exception ex) when (RomfsErrorRecords.FromException(ex, outFile) is { } record)
        {
            ThrowTerminatingError(record);
        }
    }

    /// <summary>The deepest folder that holds every path: a file's folder, or the parent of a folder that is given.</summary>
    private static string CommonFolder(IReadOnlyList<string> paths)
    {
        // As the builder compares paths: case-insensitively on Windows and macOS.
        var comparison = System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Linux) ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        string? common = null;
        foreach (var path in paths)
        {
            var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path).TrimEnd(System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar))
                ?? System.IO.Path.GetPathRoot(System.IO.Path.GetFullPath(path))!;
            if (common == null)
            {
                common = folder;
                continue;
            }

            while (!IsSameOrInside(folder, common, comparison))
            {
                var parent = System.IO.Path.GetDirectoryName(common);
                if (parent == null)
                {
                    break;
                }

                common = parent;
            }
        }

        return common!;
    }

    private static bool IsSameOrInside(string folder, string candidate, StringComparison comparison)
    {
        if (string.Equals(folder, candidate, comparison))
        {
            return true;
        }

        var withSeparator = candidate.EndsWith(System.IO.Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? candidate : candidate + System.IO.Path.DirectorySeparatorChar;
        return folder.StartsWith(withSeparator, comparison);
    }
}
