using System.Management.Automation;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Mpy;
using MicroPythonRomfs.Partitions;
using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Deploys a ROMFS image to a ROM partition of a connected MicroPython board.</para>
/// <para type="description">
/// Validates the image and checks that it fits before anything on the board changes, then erases and writes only
/// the blocks that differ from what the board holds, and verifies them. Give an image file, a folder (built first,
/// with the same options as New-RomfsImage and compiled for the board's architecture), or an image object from
/// New-RomfsImage -PassThru.
/// </para>
/// </summary>
[Cmdlet(VerbsData.Publish, "RomfsImage", DefaultParameterSetName = PathParameterSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(DeployResult))]
public sealed class PublishRomfsImageCommand : RomfsBuildCommandBase
{
    /// <summary>The parameter set that takes a path with wildcards.</summary>
    public const string PathParameterSet = "Path";

    /// <summary>The parameter set that takes a literal path.</summary>
    public const string LiteralPathParameterSet = "LiteralPath";

    /// <summary>The parameter set that takes an image object.</summary>
    public const string InputObjectParameterSet = "InputObject";

    /// <summary>An image file, or a folder to build first; wildcards must match exactly one item.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathParameterSet)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>An image file or a folder, taken as written.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathParameterSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string LiteralPath { get; set; } = string.Empty;

    /// <summary>An image built by <c>New-RomfsImage -PassThru</c> or read by <c>Get-RomfsItem</c>.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputObjectParameterSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public RomfsImageInfo? InputObject { get; set; }

    /// <summary>The board; the most recent connection when omitted. Binds from the <c>Device</c> property of piped partition objects.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public MicroPythonDevice? Device { get; set; }

    /// <summary>The ROM partition to deploy to.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0, 255)]
    public int Partition { get; set; }

    /// <summary>Rewrites every block instead of only those that differ from what the board holds.</summary>
    [Parameter]
    public SwitchParameter Full { get; set; }

    /// <summary>Skips reading back the written blocks to check them.</summary>
    [Parameter]
    public SwitchParameter NoVerify { get; set; }

    /// <summary>
    /// How the data travels: Auto (binary frames where the board's stdin carries raw bytes, else text), Binary or
    /// Text.
    /// </summary>
    [Parameter]
    public TransferMode Transfer { get; set; } = TransferMode.Auto;

    /// <summary>Soft-resets the board afterwards, so it mounts the new image at /rom.</summary>
    [Parameter]
    public SwitchParameter Reset { get; set; }

    /// <summary>Deploys without asking for confirmation.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Writes a result object (bytes on the wire, blocks written and skipped, duration, verified).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        MicroPythonDevice device;
        try
        {
            device = MicroPythonDeviceRegistry.Default.Resolve(Device);
        }
        catch (InvalidOperationException ex)
        {
            ThrowTerminatingError(DeviceErrorRecords.FromException(ex, Device)!);
            return;
        }

        var reporter = new CmdletOperationReporter(this, Force);
        string? source = null;
        try
        {
            byte[] image;
            if (InputObject != null)
            {
                image = InputObject.Image.Bytes.ToArray();
            }
            else
            {
                source = ResolveSingle(ParameterSetName == LiteralPathParameterSet ? LiteralPath : Path, ParameterSetName == LiteralPathParameterSet);
                var target = device.Info.MpyValue is int mpy ? MpyVersionInfo.FromSysImplementation(mpy) : null;
                var architecture = MyInvocation.BoundParameters.ContainsKey(nameof(Architecture)) ? Architecture : target?.Architecture ?? MpyArchitecture.None;
                var options = Directory.Exists(source) ? CreateBuildOptions(ResolveCompiler(reporter, architecture), reporter, target) : null;
                image = reporter.Run(token => BoardPartitions.LoadImageAsync(source, options, token), Cancellation.Token);
            }

            var deploy = new DeployOptions { Full = Full, Verify = !NoVerify, Transfer = Transfer };
            var result = reporter.Run(token => BoardPartitions.PublishAsync(device, image, Partition, deploy, Reset, reporter, token), Cancellation.Token);
            if (result != null && PassThru)
            {
                WriteObject(result);
            }
        }
        catch (Exception ex) when (PartitionErrorRecords.FromException(ex, (object?)source ?? device) is { } record)
        {
            WriteError(record);
        }
    }

    private string ResolveSingle(string path, bool literal)
    {
        var resolved = ProviderPathResolver.Resolve(this, new[] { path }, literal).ToList();
        if (resolved.Count != 1)
        {
            throw new ArgumentException($"'{path}' matches {resolved.Count} items; give exactly one image file or folder.");
        }

        return resolved[0];
    }
}
