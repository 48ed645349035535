using System.Management.Automation;
using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Extracts ROMFS image files into a folder.</para>
/// <para type="description">Refuses entries whose names would leave the folder, and overwrites existing files only with -Force.</para>
/// </summary>
[Cmdlet(VerbsData.Expand, "RomfsImage", DefaultParameterSetName = PathParameterSet, SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExpandRomfsImageCommand : PSCmdlet
{
    /// <summary>The parameter set that takes wildcard paths.</summary>
    public const string PathParameterSet = "Path";

    /// <summary>The parameter set that takes literal paths (and piped file objects).</summary>
    public const string LiteralPathParameterSet = "LiteralPath";

    private readonly List<string> _images = new();

    /// <summary>Image files to extract; wildcards are expanded.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathParameterSet, ValueFromPipeline = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>Image files to extract, taken as written; piped file objects bind here through <c>PSPath</c>.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathParameterSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    /// <summary>The folder to extract into; created when missing.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string DestinationPath { get; set; } = string.Empty;

    /// <summary>Overwrites existing files.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Writes the extracted files to the pipeline as Get-Item does (file-system items with PSPath and the other provider properties).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var literal = ParameterSetName == LiteralPathParameterSet;
        _images.AddRange(ProviderPathResolver.Resolve(this, literal ? LiteralPath : Path, literal));
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        var destination = ProviderPathResolver.ResolveOutput(this, DestinationPath);
        var reporter = new CmdletOperationReporter(this);
        foreach (var image in _images)
        {
            try
            {
                if (Directory.Exists(image))
                {
                    WriteError(RomfsErrorRecords.NotAFile(image, "a ROMFS image file"));
                    continue;
                }

                WriteVerbose($"Extracting '{image}' into '{destination}'.");
                var written = reporter.Run(_ => Task.FromResult(RomfsFile.ExtractToDirectory(image, destination, Force, reporter)), CancellationToken.None);
                WriteVerbose($"Extracted {written.Count} files from '{image}'.");
                if (PassThru && written.Count > 0)
                {
                    WriteObject(InvokeProvider.Item.Get(written.ToArray(), false, true), enumerateCollection: true);
                }
            }
            catch (Exception ex) when (RomfsErrorRecords.FromException(ex, image) is { } record)
            {
                WriteError(record);
            }
        }
    }
}
