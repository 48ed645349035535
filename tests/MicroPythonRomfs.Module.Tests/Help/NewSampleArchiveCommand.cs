using System.Management.Automation;

namespace MicroPythonRomfs.Module.Tests.Help;

/// <summary>
/// A cmdlet declaration that exists only so the help checks can be tested against known attributes: two parameter
/// sets, a positional wildcard path, a literal path with aliases, pipeline binding and ShouldProcess. Never run.
/// </summary>
[Cmdlet(VerbsCommon.New, "SampleArchive", DefaultParameterSetName = PathSet, SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class NewSampleArchiveCommand : PSCmdlet
{
    public const string PathSet = "Path";

    public const string LiteralPathSet = "LiteralPath";

    [Parameter(ParameterSetName = PathSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    public string[] Path { get; set; } = [];

    [Parameter(ParameterSetName = LiteralPathSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    public string[] LiteralPath { get; set; } = [];

    [Parameter(Mandatory = true, Position = 1)]
    public string Destination { get; set; } = string.Empty;

    [Parameter]
    public int? Alignment { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Not a parameter: no [Parameter] attribute, so the help checks must ignore it.</summary>
    public string NotAParameter { get; set; } = string.Empty;
}
