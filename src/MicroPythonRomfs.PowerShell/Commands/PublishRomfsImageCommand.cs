using System.Globalization;
using System.Management.Automation;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Fleet;
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
/// <para type="description">
/// Given many boards (piped from Connect-MicroPythonDevice or Get-RomfsPartition, or -Device @(...)), it builds and
/// validates the image once, then deploys to the boards in parallel (-ThrottleLimit), each with its own progress bar
/// under one parent. A board that fails gets its own error record (and, with -PassThru, a result whose Error says why)
/// while the others go on. -WhatIf lists the plan for each board.
/// </para>
/// </summary>
[Cmdlet(VerbsData.Publish, "RomfsImage", DefaultParameterSetName = PathParameterSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(DeployResult))]
public sealed class PublishRomfsImageCommand : RomfsBuildCommandBase
{
    private readonly List<DeployTarget> _targets = new();
    private RomfsImageInfo? _image;
    private string? _pipedPath;

    /// <summary>The parameter set that takes a path with wildcards.</summary>
    public const string PathParameterSet = "Path";

    /// <summary>The parameter set that takes a literal path.</summary>
    public const string LiteralPathParameterSet = "LiteralPath";

    /// <summary>The parameter set that takes an image object.</summary>
    public const string InputObjectParameterSet = "InputObject";

    /// <summary>An image file, or a folder to build first; wildcards must match exactly one item.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathParameterSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>An image file or a folder, taken as written; a piped file or folder object (Get-Item, Get-ChildItem) binds here through <c>PSPath</c>.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathParameterSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string LiteralPath { get; set; } = string.Empty;

    /// <summary>An image built by <c>New-RomfsImage -PassThru</c> or read by <c>Get-RomfsItem</c>.</summary>
    /// <remarks>Not mandatory on purpose: a mandatory by-value parameter makes PowerShell commit piped input to this
    /// set, and then a piped file (<c>Get-Item app.romfs | Publish-RomfsImage</c>) would never reach -LiteralPath.</remarks>
    [Parameter(ParameterSetName = InputObjectParameterSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public RomfsImageInfo? InputObject { get; set; }

    /// <summary>
    /// The boards; the most recent connection when omitted. Takes many (<c>-Device $a, $b</c>, or piped devices, or
    /// the <c>Device</c> property of piped partition objects); they are deployed to in parallel, each with its own
    /// progress bar and result.
    /// </summary>
    [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(DeviceCompleter))]
    public MicroPythonDevice[]? Device { get; set; }

    /// <summary>The ROM partition to deploy to; binds from the <c>Partition</c> property of piped partition objects, per board.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0, 255)]
    [ArgumentCompleter(typeof(PartitionCompleter))]
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

    /// <summary>
    /// Writes one result object per board (bytes on the wire, blocks written and skipped, duration, verified); a board
    /// that failed gets one too, with <c>Succeeded</c> false and <c>Error</c> set, besides its error record.
    /// </summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>The most boards deployed to at once; by default the number of boards, up to 8.</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int ThrottleLimit { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        // Collect only: the image is built once and every board deployed to together in EndProcessing.
        if (InputObject != null)
        {
            if (_image != null && !ReferenceEquals(_image, InputObject) && _image.ImageHash != InputObject.ImageHash)
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("More than one image was piped in; Publish-RomfsImage deploys one image to many boards. Pipe the boards instead and give the image with -Path or -InputObject."), "MultipleImages", ErrorCategory.InvalidArgument, InputObject));
            }

            _image = InputObject;
        }

        if (ParameterSetName == LiteralPathParameterSet && !string.IsNullOrEmpty(LiteralPath) && MyInvocation.ExpectingInput)
        {
            if (_pipedPath != null && !string.Equals(_pipedPath, LiteralPath, StringComparison.Ordinal))
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException($"More than one image file was piped in ('{_pipedPath}', '{LiteralPath}'); Publish-RomfsImage deploys one image to many boards. Pipe the boards instead and give the image with -Path."), "MultipleImages", ErrorCategory.InvalidArgument, LiteralPath));
            }

            _pipedPath = LiteralPath;
        }

        foreach (var device in ConnectedDevices.Usable(this, Device))
        {
            if (!_targets.Any(t => ReferenceEquals(t.Device, device) && t.Partition == Partition))
            {
                _targets.Add(new DeployTarget(device, Partition));
            }
        }
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        // The image is named before any board is picked, so a bad path is the one error the user sees.
        string? source = null;
        if (_image == null && ParameterSetName == InputObjectParameterSet)
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("No image was given: pipe an image object (New-RomfsImage -PassThru), or give -Path or -LiteralPath."), "NoImageGiven", ErrorCategory.InvalidArgument, null));
        }

        if (_image == null)
        {
            var literal = ParameterSetName == LiteralPathParameterSet;
            source = ProviderPathResolver.ResolveOne(this, literal ? LiteralPath : Path, literal, "image file or folder");
        }

        if (_targets.Count == 0)
        {
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Device)) || (MyInvocation.ExpectingInput && _image == null && _pipedPath == null))
            {
                // Every board given was disconnected (already reported), or the pipeline brought none.
                return;
            }

            _targets.Add(new DeployTarget(ConnectedDevices.MostRecent(this), Partition));
        }

        var reporter = new CmdletOperationReporter(this, Force);
        byte[] image;
        try
        {
            if (_image != null)
            {
                image = _image.Image.Bytes.ToArray();
            }
            else
            {
                var path = source!;
                var build = Directory.Exists(path) ? BuildOptionsFor(reporter) : null;
                WriteVerbose(build != null ? $"Building the folder '{source}' into an image for {Boards()}." : $"Reading the image '{source}'.");
                image = reporter.Run(token => BoardPartitions.LoadImageAsync(path, build, token), Cancellation.Token);
            }
        }
        catch (Exception ex) when (PartitionErrorRecords.FromException(ex, source) is { } record)
        {
            ThrowTerminatingError(record);
            return;
        }

        WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Deploying {0:N0} bytes to {1} ({2} transfer{3}{4}{5}).", image.Length, Boards(), Transfer, Full ? ", every block" : ", changed blocks only", NoVerify ? ", not verified" : ", verified", Reset ? ", then soft reset" : string.Empty));
        var deploy = new DeployOptions { Full = Full, Verify = !NoVerify, Transfer = Transfer };
        var fleet = new FleetOptions { ThrottleLimit = ThrottleLimit > 0 ? ThrottleLimit : null };
        IReadOnlyList<DeployResult> results;
        try
        {
            results = reporter.Run(token => FleetDeployment.PublishAsync(_targets, image, deploy, Reset, fleet, reporter, token), Cancellation.Token);
        }
        catch (Exception ex) when (PartitionErrorRecords.FromException(ex, source) is { } record)
        {
            ThrowTerminatingError(record);
            return;
        }

        if (results.Select(r => r.Exception).OfType<IContainsErrorRecord>().FirstOrDefault() is { } host)
        {
            // PowerShell's own error, such as the prompt a non-interactive host cannot show: reported as PowerShell
            // reports it, once, rather than as a failure of each board.
            ThrowTerminatingError(new ErrorRecord(host.ErrorRecord, (Exception)host));
        }

        foreach (var result in results)
        {
            if (result.Exception != null)
            {
                WriteError(PartitionErrorRecords.FromException(result.Exception, result.Device)
                    ?? new ErrorRecord(result.Exception, result.ErrorId, ErrorCategory.NotSpecified, result.Device));
            }

            else
            {
                WriteVerbose(string.Format(CultureInfo.InvariantCulture, "{0}: partition {1} holds the image ({2:N0} bytes, sha256 {3}): {4} blocks written, {5} unchanged, {6:N0} bytes sent, {7}, {8:0.00} s.", result.Port, result.Partition, result.ImageSize, result.ImageHash, result.BlocksWritten, result.BlocksSkipped, result.BytesSent, result.Verified ? "verified" : "not verified", result.Duration.TotalSeconds));
            }

            if (PassThru)
            {
                WriteObject(result);
            }
        }
    }

    /// <summary>
    /// The build options for a folder: compiled for the boards' architecture. Boards that load different .mpy
    /// versions or architectures cannot share one compiled image, so that is refused before anything is built.
    /// </summary>
    private RomfsBuildOptions BuildOptionsFor(CmdletOperationReporter reporter)
    {
        var mpyValues = _targets.Select(t => t.Device.Info.MpyValue).Distinct().ToList();
        if (mpyValues.Count > 1 && !NoMpy && !MyInvocation.BoundParameters.ContainsKey(nameof(Architecture)))
        {
            ThrowTerminatingError(new ErrorRecord(new InvalidOperationException("The boards load different .mpy versions or architectures (" + string.Join(", ", _targets.Select(t => $"{t.Device.Port}: {t.Device.MpyVersion} {t.Device.MpyArchitecture}").Distinct()) + "); deploy to each kind of board separately, or give -NoMpy or -Architecture."), "MixedMpyTargets", ErrorCategory.InvalidArgument, Path));
        }

        var target = mpyValues[0] is int mpy ? MpyVersionInfo.FromSysImplementation(mpy) : null;
        var architecture = MyInvocation.BoundParameters.ContainsKey(nameof(Architecture)) ? Architecture : target?.Architecture ?? MpyArchitecture.None;
        return CreateBuildOptions(ResolveCompiler(reporter, architecture), reporter, mpyValues.Count == 1 ? target : null);
    }

    private string Boards() => _targets.Count == 1
        ? $"partition {_targets[0].Partition} of {_targets[0].Device.Port}"
        : $"{_targets.Count} boards ({string.Join(", ", _targets.Select(t => $"{t.Device.Port} partition {t.Partition}"))})";
}
