using System.Management.Automation;
using MicroPythonRomfs.Mpy;
using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.PowerShell;

/// <summary>The module's error records: stable PascalCase ids, a category and the target object.</summary>
internal static class RomfsErrorRecords
{
    public const string PathNotFoundId = "PathNotFound";
    public const string NotFileSystemId = "PathNotOnFileSystem";
    public const string SourceNotUsableId = "RomfsSourceNotUsable";
    public const string OutputExistsId = "RomfsOutputExists";
    public const string InvalidImageId = "InvalidRomfsImage";
    public const string CompilationFailedId = "MpyCompilationFailed";
    public const string CompilerNotFoundId = "MpyCompilerNotFound";
    public const string CompilerNotUsableId = "MpyCompilerNotUsable";
    public const string IncompatibleMpyId = "IncompatibleMpy";
    public const string WriteFailedId = "RomfsWriteFailed";
    public const string InvalidArgumentId = "InvalidRomfsArgument";
    public const string NotAFileId = "PathIsAFolder";
    public const string AmbiguousPathId = "AmbiguousPath";

    public static ErrorRecord PathNotFound(string path) =>
        new(new ItemNotFoundException($"Cannot find the path '{path}' because it does not exist."), PathNotFoundId, ErrorCategory.ObjectNotFound, path);

    /// <summary>A folder given where a file is needed; <paramref name="wanted"/> says what kind of file.</summary>
    public static ErrorRecord NotAFile(string path, string wanted) =>
        new(new ArgumentException($"'{path}' is a folder, not {wanted}."), NotAFileId, ErrorCategory.InvalidArgument, path);

    /// <summary>A path or wildcard that matches more than the one item a command takes.</summary>
    public static ErrorRecord Ambiguous(string path, IReadOnlyList<string> matches, string wanted) =>
        new(new ArgumentException($"'{path}' matches {matches.Count} items ({string.Join(", ", matches.Take(3).Select(m => "'" + m + "'"))}{(matches.Count > 3 ? ", ..." : string.Empty)}); give exactly one {wanted}, or use -LiteralPath for a name with wildcard characters."), AmbiguousPathId, ErrorCategory.InvalidArgument, path);

    public static ErrorRecord NotFileSystem(string path) =>
        new(new ArgumentException($"'{path}' is not a file-system path."), NotFileSystemId, ErrorCategory.InvalidArgument, path);

    public static ErrorRecord CompilerNotFound() =>
        new(new InvalidOperationException("-Mpy was given but no .mpy compiler is available. Install mpy-cross and pass it with -MpyCross or the MPY_CROSS environment variable, or use -NoMpy."),
            CompilerNotFoundId, ErrorCategory.ObjectNotFound, null);

    /// <summary>One file that failed to compile: the record names the file and line.</summary>
    public static ErrorRecord CompileError(MpyCompileError error) =>
        new(new MpyCompilationException(new[] { error }), CompilationFailedId, ErrorCategory.InvalidData, error.SourceFile);

    /// <summary>Maps a core exception to a record (a bug becomes an internal-error record); <see langword="null"/> for cancellation and PowerShell's own errors.</summary>
    public static ErrorRecord? FromException(Exception exception, object? target) =>
        Map(exception, target) is { } record ? CliFlagText.Clean(record) : null;

    private static ErrorRecord? Map(Exception exception, object? target)
    {
        if (exception is IContainsErrorRecord)
        {
            // PowerShell's own errors (a prompt in a non-interactive host, a stopped pipeline) keep their records.
            return null;
        }

        switch (exception)
        {
            case RomfsOutputExistsException exists:
                return new ErrorRecord(exists, OutputExistsId, ErrorCategory.ResourceExists, exists.Path);
            case RomfsSourceException source:
                return new ErrorRecord(source, SourceNotUsableId, ErrorCategory.ReadError, source.SourcePath);
            case RomfsFormatException format:
                return new ErrorRecord(format, InvalidImageId, ErrorCategory.InvalidData, format.SourcePath ?? target);
            case MpyCompilationException compile:
                return new ErrorRecord(compile, CompilationFailedId, ErrorCategory.InvalidData, compile.Errors[0].SourceFile);
            case MpyCompatibilityException incompatible:
                return new ErrorRecord(incompatible, IncompatibleMpyId, ErrorCategory.InvalidData, target);
            case MpyCrossUnavailableException unavailable:
                return new ErrorRecord(unavailable, CompilerNotUsableId, ErrorCategory.ResourceUnavailable, unavailable.ExecutablePath);
            case FileNotFoundException notFound:
                return new ErrorRecord(notFound, PathNotFoundId, ErrorCategory.ObjectNotFound, notFound.FileName ?? target);
            case UnauthorizedAccessException denied:
                return new ErrorRecord(denied, WriteFailedId, ErrorCategory.PermissionDenied, target);
            case IOException io:
                return new ErrorRecord(io, WriteFailedId, ErrorCategory.WriteError, target);
            case ArgumentException argument:
                return new ErrorRecord(argument, InvalidArgumentId, ErrorCategory.InvalidArgument, target);
            default:
                return UnexpectedErrorRecords.FromException(exception, target);
        }
    }
}
