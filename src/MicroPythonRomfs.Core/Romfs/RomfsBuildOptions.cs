using MicroPythonRomfs.Mpy;
using MicroPythonRomfs.Reporting;

namespace MicroPythonRomfs.Romfs;

/// <summary>How <see cref="RomfsBuilder"/> turns files into an image.</summary>
public sealed class RomfsBuildOptions
{
    /// <summary>Whether to compile <c>x.py</c> to <c>x.mpy</c> when no <c>x.mpy</c> sits beside it (the upstream default).</summary>
    public bool CompileMpy { get; init; } = true;

    /// <summary>The compiler; when <see langword="null"/> and <see cref="CompileMpy"/> is on, <c>.py</c> files are stored as they are with one warning.</summary>
    public IMpyCompiler? Compiler { get; init; }

    /// <summary>
    /// Patterns of entries to leave out (<c>*</c>, <c>?</c> and <c>**</c> wildcards, case-insensitive). A pattern without
    /// <c>/</c> matches an entry's name at any depth; one with <c>/</c> matches its path inside the image. An excluded
    /// directory leaves out everything below it.
    /// </summary>
    public IReadOnlyList<string> Exclude { get; init; } = Array.Empty<string>();

    /// <summary>The byte alignment of every file's data from the start of the image: 1 (the upstream layout) or a power of two.</summary>
    public int Alignment { get; init; } = 1;

    /// <summary>
    /// The delta-friendly layout, for a board that is redeployed after every edit: the files named here (paths inside
    /// the image as on disk, <c>/</c>-separated, <c>x.py</c> rather than <c>x.mpy</c>) go after every other entry of
    /// their folder, in this order, and each folder holding one of them moves after its siblings the same way. An edit
    /// to the last file then changes only the blocks from that file to the end, plus the record headers above it; and
    /// padding records at the end of the last folder keep the image a whole number of 4 KiB units long with a
    /// shortest-form header, so while that file's size changes within the unit the headers above it do not change
    /// either (upstream's layout widens the header to keep the length even, which moves every byte behind it).
    /// Empty (the default) keeps upstream's order, byte-identical to <c>mpremote romfs build</c>; any other order
    /// differs from it (the board reads both).
    /// </summary>
    public IReadOnlyList<string> LastFiles { get; init; } = Array.Empty<string>();

    /// <summary>
    /// The first part of the source name embedded in compiled <c>.mpy</c> files (<c>&lt;SourceName&gt;/&lt;path inside image&gt;</c>);
    /// by default the source folder's name, as upstream mpremote embeds it.
    /// </summary>
    public string? SourceName { get; init; }

    /// <summary>
    /// What the board that will load the image accepts (its decoded <c>sys.implementation._mpy</c>), or <see langword="null"/>
    /// when unknown. Every <c>.mpy</c> in the image, pre-made or compiled, is checked against it; a file the board would
    /// refuse is a warning, or an error with <see cref="RejectIncompatibleMpy"/>.
    /// </summary>
    public MpyVersionInfo? Target { get; init; }

    /// <summary>
    /// Whether a <c>.mpy</c> that <see cref="Target"/> cannot load stops the build with an
    /// <see cref="MpyCompatibilityException"/> (as a deploy does) instead of a warning.
    /// </summary>
    public bool RejectIncompatibleMpy { get; init; }

    /// <summary>Receives progress, warnings and verbose lines.</summary>
    public IOperationReporter Reporter { get; init; } = NullOperationReporter.Instance;

    /// <summary>Opens source files; tests replace it to simulate unreadable files.</summary>
    internal Func<string, Stream>? OpenFile { get; init; }

    /// <summary>A copy with <see cref="SourceName"/> set, unless the caller already chose one.</summary>
    internal RomfsBuildOptions WithDefaultSourceName(string? sourceName) => new()
    {
        CompileMpy = CompileMpy,
        Compiler = Compiler,
        Target = Target,
        RejectIncompatibleMpy = RejectIncompatibleMpy,
        Exclude = Exclude,
        Alignment = Alignment,
        LastFiles = LastFiles,
        Reporter = Reporter,
        OpenFile = OpenFile,
        SourceName = SourceName ?? sourceName,
    };
}
