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
    /// The first part of the source name embedded in compiled <c>.mpy</c> files (<c>&lt;SourceName&gt;/&lt;path inside image&gt;</c>);
    /// by default the source folder's name, as upstream mpremote embeds it.
    /// </summary>
    public string? SourceName { get; init; }

    /// <summary>Receives progress, warnings and verbose lines.</summary>
    public IOperationReporter Reporter { get; init; } = NullOperationReporter.Instance;

    /// <summary>Opens source files; tests replace it to simulate unreadable files.</summary>
    internal Func<string, Stream>? OpenFile { get; init; }
}
