using System.Management.Automation;
using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Lists the files and folders inside ROMFS image files.</para>
/// <para type="description">Like <c>Get-ChildItem</c> of the image: the top-level entries, or every entry with -Recurse.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "RomfsItem", DefaultParameterSetName = PathParameterSet)]
[OutputType(typeof(RomfsEntry))]
public sealed class GetRomfsItemCommand : PSCmdlet
{
    /// <summary>The parameter set that takes wildcard paths.</summary>
    public const string PathParameterSet = "Path";

    /// <summary>The parameter set that takes literal paths (and piped file objects).</summary>
    public const string LiteralPathParameterSet = "LiteralPath";

    /// <summary>Image files to read; wildcards are expanded.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathParameterSet, ValueFromPipeline = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>Image files to read, taken as written; piped file objects bind here through <c>PSPath</c>.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathParameterSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    /// <summary>Lists every entry, not only the top-level ones.</summary>
    [Parameter]
    public SwitchParameter Recurse { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var literal = ParameterSetName == LiteralPathParameterSet;
        foreach (var file in ProviderPathResolver.Resolve(this, literal ? LiteralPath : Path, literal))
        {
            if (Directory.Exists(file))
            {
                WriteError(RomfsErrorRecords.NotAFile(file, "a ROMFS image file"));
                continue;
            }

            try
            {
                var info = RomfsFile.ReadInfo(file);
                WriteObject(Recurse ? info.Entries : info.Image.RootEntries, enumerateCollection: true);
            }
            catch (Exception ex) when (RomfsErrorRecords.FromException(ex, file) is { } record)
            {
                WriteError(record);
            }
        }
    }
}
