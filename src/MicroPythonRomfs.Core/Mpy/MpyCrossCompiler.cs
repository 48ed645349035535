using System.Globalization;
using System.Text.RegularExpressions;
using MicroPythonRomfs.Reporting;

namespace MicroPythonRomfs.Mpy;

/// <summary>
/// Compiles Python files with upstream <c>mpy-cross</c>, one process per file, several at once. Each output goes to
/// a fresh temporary folder (never beside the user's source) and is read back; the source name embedded in each
/// <c>.mpy</c> is the request's <see cref="MpyCompileRequest.SourceName"/>, so output does not depend on the current
/// directory or leak local paths.
/// </summary>
public sealed class MpyCrossCompiler : IMpyCompiler
{
    private static readonly Regex FileLine = new("^\\s*File \"(?<file>.*)\", line (?<line>\\d{1,9})", RegexOptions.Multiline | RegexOptions.CultureInvariant);
    private static readonly Regex MicroPythonRelease = new("MicroPython (?<release>v\\S+)", RegexOptions.CultureInvariant);

    private readonly MpyCrossOptions _options;
    private readonly IOperationReporter _reporter;

    private MpyCrossCompiler(string executablePath, string versionText, MpyVersionInfo? emits, MpyCrossOptions options, IOperationReporter reporter)
    {
        ExecutablePath = executablePath;
        VersionText = versionText;
        EmittedVersion = emits;
        _options = options;
        _reporter = reporter;
    }

    /// <summary>The full path of the <c>mpy-cross</c> executable.</summary>
    public string ExecutablePath { get; }

    /// <summary>What <c>mpy-cross --version</c> printed, first line only.</summary>
    public string VersionText { get; }

    /// <summary>
    /// The mpy version the compiler writes, with the architecture of <see cref="MpyCrossOptions.Architecture"/>;
    /// <see langword="null"/> when <c>--version</c> did not say.
    /// </summary>
    public MpyVersionInfo? EmittedVersion { get; }

    /// <summary>The options in use.</summary>
    public MpyCrossOptions Options => _options;

    /// <inheritdoc/>
    public string Description
    {
        get
        {
            var match = MicroPythonRelease.Match(VersionText);
            var release = match.Success ? match.Groups["release"].Value : VersionText;
            var emits = EmittedVersion == null ? "mpy version unknown" : $"mpy v{EmittedVersion.Version}.{EmittedVersion.SubVersion}";
            var march = _options.Architecture == MpyArchitecture.None ? string.Empty : ", -march=" + MpyArchitectureNames.GetName(_options.Architecture);
            return $"mpy-cross {release} ({emits}{march})";
        }
    }

    /// <summary>Starts using the <c>mpy-cross</c> at <paramref name="executablePath"/>, reading its version.</summary>
    /// <param name="executablePath">The executable, for example from <see cref="MpyCrossLocator.Locate(string?)"/>.</param>
    /// <param name="options">How to run it; <see langword="null"/> for the defaults.</param>
    /// <param name="reporter">Receives a verbose line per file compiled; <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Cancels the version query.</param>
    /// <returns>The compiler.</returns>
    /// <exception cref="MpyCrossUnavailableException">The program cannot be started or does not answer <c>--version</c> like mpy-cross.</exception>
    public static async Task<MpyCrossCompiler> CreateAsync(string executablePath, MpyCrossOptions? options = null, IOperationReporter? reporter = null, CancellationToken cancellationToken = default)
    {
        if (executablePath == null)
        {
            throw new ArgumentNullException(nameof(executablePath));
        }

        options ??= new MpyCrossOptions();
        Validate(options);

        // A private copy: the caller's array could change while files compile.
        options = new MpyCrossOptions
        {
            Architecture = options.Architecture,
            OptimizationLevel = options.OptimizationLevel,
            ExtraArguments = (options.ExtraArguments ?? Array.Empty<string>()).ToArray(),
            MaxParallelism = options.MaxParallelism,
            Timeout = options.Timeout,
        };
        var fullPath = Path.GetFullPath(executablePath);
        ChildProcessResult result;
        try
        {
            result = await ChildProcess.RunAsync(fullPath, new[] { "--version" }, Path.GetTempPath(), options.Timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException error)
        {
            throw new MpyCrossUnavailableException(fullPath, $"'{fullPath}' cannot be used as mpy-cross: {error.Message}", error);
        }

        var text = (result.StandardOutput.Length > 0 ? result.StandardOutput : result.StandardError).Trim();
        if (result.TimedOut || result.ExitCode != 0 || text.Length == 0)
        {
            var why = result.TimedOut ? $"did not answer within {options.Timeout.TotalSeconds:0} s" : $"exited with code {result.ExitCode}";
            throw new MpyCrossUnavailableException(fullPath, $"'{fullPath}' is not a working mpy-cross: '--version' {why}{(text.Length > 0 ? ": " + FirstLine(text) : string.Empty)}.");
        }

        MpyVersionInfo? emits = null;
        if (MpyVersionInfo.TryParseCompilerVersion(text, out var parsed))
        {
            emits = new MpyVersionInfo(parsed.Version, parsed.SubVersion, options.Architecture);
        }

        return new MpyCrossCompiler(fullPath, FirstLine(text), emits, options, reporter ?? NullOperationReporter.Instance);
    }

    /// <summary>
    /// Finds <c>mpy-cross</c> (<paramref name="explicitPath"/>, else <c>MPY_CROSS</c>, else <c>PATH</c>) and starts using it:
    /// the one call a cmdlet or the <c>mpromfs</c> tool makes before building with <c>.mpy</c> on.
    /// </summary>
    /// <param name="explicitPath">The path the user gave (-MpyCross / --mpy-cross), or <see langword="null"/>.</param>
    /// <param name="options">How to run it; <see langword="null"/> for the defaults.</param>
    /// <param name="reporter">Receives a verbose line saying which compiler is used, or why none was found.</param>
    /// <param name="cancellationToken">Cancels the version query.</param>
    /// <returns>
    /// The compiler, or <see langword="null"/> when none is found; the image builder then stores <c>.py</c> files as
    /// they are and warns once.
    /// </returns>
    /// <exception cref="FileNotFoundException">The explicit path, or the file MPY_CROSS names, does not exist.</exception>
    /// <exception cref="MpyCrossUnavailableException">The program found does not work like mpy-cross.</exception>
    public static async Task<MpyCrossCompiler?> LocateAsync(string? explicitPath, MpyCrossOptions? options = null, IOperationReporter? reporter = null, CancellationToken cancellationToken = default)
    {
        reporter ??= NullOperationReporter.Instance;
        var location = MpyCrossLocator.Locate(explicitPath);
        if (location.Path == null)
        {
            reporter.Verbose(location.Explanation);
            return null;
        }

        var compiler = await CreateAsync(location.Path, options, reporter, cancellationToken).ConfigureAwait(false);
        reporter.Verbose($"Compiling .py files with {compiler.Description} at '{compiler.ExecutablePath}' ({location.Explanation}).");
        return compiler;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<byte[]?>> CompileAsync(IReadOnlyList<MpyCompileRequest> requests, CancellationToken cancellationToken)
    {
        if (requests == null)
        {
            throw new ArgumentNullException(nameof(requests));
        }

        var results = new byte[requests.Count][];
        if (requests.Count == 0)
        {
            return results;
        }

        var errors = new MpyCompileError?[requests.Count];
        var workRoot = Path.Combine(Path.GetTempPath(), "mpromfs-mpy-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(workRoot);
        try
        {
            var next = -1;
            var workers = Math.Max(1, Math.Min(_options.MaxParallelism, requests.Count));
            var tasks = new Task[workers];
            for (var w = 0; w < workers; w++)
            {
                tasks[w] = Task.Run(
                    async () =>
                    {
                        int index;
                        while ((index = Interlocked.Increment(ref next)) < requests.Count)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            var (bytes, error) = await CompileOneAsync(requests[index], Path.Combine(workRoot, index.ToString(CultureInfo.InvariantCulture)), cancellationToken).ConfigureAwait(false);
                            results[index] = bytes!;
                            errors[index] = error;
                        }
                    },
                    cancellationToken);
            }

            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        finally
        {
            TryDelete(workRoot);
        }

        var failed = errors.Where(e => e != null).Select(e => e!).ToList();
        if (failed.Count > 0)
        {
            throw new MpyCompilationException(failed);
        }

        return results;
    }

    /// <summary>Turns what mpy-cross wrote to stderr into an error naming the user's file and the line.</summary>
    /// <param name="sourceFile">The user's file, named in the error whatever path the compiler printed.</param>
    /// <param name="standardError">The compiler's stderr.</param>
    /// <param name="exitCode">The compiler's exit code, used when stderr is empty.</param>
    /// <returns>The error.</returns>
    public static MpyCompileError ParseError(string sourceFile, string standardError, int exitCode)
    {
        var lines = (standardError ?? string.Empty).Replace("\r\n", "\n").Split('\n')
            .Select(l => l.TrimEnd())
            .Where(l => l.Length > 0)
            .ToList();
        if (lines.Count == 0)
        {
            return new MpyCompileError(sourceFile, null, $"mpy-cross failed with exit code {exitCode} and printed no message.");
        }

        int? line = null;
        var match = FileLine.Match(standardError!);
        if (match.Success && int.TryParse(match.Groups["line"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            line = number;
        }

        // Upstream ends a traceback with "ErrorType: message"; anything else (a usage text) is kept whole but short.
        var message = lines[lines.Count - 1];
        if (!match.Success && lines.Count > 1 && !lines[0].StartsWith("Traceback", StringComparison.Ordinal))
        {
            message = string.Join(" ", lines.Take(3));
        }

        return new MpyCompileError(sourceFile, line, message);
    }

    private async Task<(byte[]? Bytes, MpyCompileError? Error)> CompileOneAsync(MpyCompileRequest request, string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var output = Path.Combine(folder, "x.mpy");
        var arguments = BuildArguments(request, output);
        _reporter.Verbose($"mpy-cross {ChildProcess.JoinArguments(arguments)}");
        ChildProcessResult result;
        try
        {
            result = await ChildProcess.RunAsync(ExecutablePath, arguments, folder, _options.Timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException error)
        {
            throw new MpyCrossUnavailableException(ExecutablePath, $"'{ExecutablePath}' stopped working while compiling '{request.SourceFile}': {error.Message}", error);
        }

        if (result.TimedOut)
        {
            return (null, new MpyCompileError(request.SourceFile, null, $"mpy-cross did not finish within {_options.Timeout.TotalSeconds:0} s and was stopped."));
        }

        if (result.ExitCode != 0)
        {
            return (null, ParseError(request.SourceFile, result.StandardError, result.ExitCode));
        }

        if (!File.Exists(output))
        {
            return (null, new MpyCompileError(request.SourceFile, null, "mpy-cross reported success but wrote no .mpy file."));
        }

        var bytes = File.ReadAllBytes(output);
        if (!MpyHeader.TryRead(bytes, out _, out var problem))
        {
            return (null, new MpyCompileError(request.SourceFile, null, "mpy-cross wrote something that is not a .mpy file: " + problem + "."));
        }

        return (bytes, null);
    }

    internal IReadOnlyList<string> BuildArguments(MpyCompileRequest request, string output)
    {
        var arguments = new List<string> { "-o", output, "-s", request.SourceName };
        if (_options.Architecture != MpyArchitecture.None)
        {
            arguments.Add("-march=" + MpyArchitectureNames.GetName(_options.Architecture));
        }

        if (_options.OptimizationLevel is int level)
        {
            arguments.Add("-O" + level.ToString(CultureInfo.InvariantCulture));
        }

        arguments.AddRange(_options.ExtraArguments ?? Array.Empty<string>());
        arguments.Add(request.SourceFile);
        return arguments;
    }

    private static void Validate(MpyCrossOptions options)
    {
        if (options.OptimizationLevel is int level && (level < 0 || level > 3))
        {
            throw new ArgumentOutOfRangeException(nameof(options), level, "The mpy-cross optimisation level is 0 to 3.");
        }

        if (options.MaxParallelism < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxParallelism, "At least one compiler must run at a time.");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Timeout, "The time limit must be positive.");
        }

        foreach (var extra in options.ExtraArguments ?? Array.Empty<string>())
        {
            // -o and -s are how this class keeps output out of the user's folder and local paths out of the .mpy.
            if (extra == null || extra == "-o" || extra == "-s")
            {
                throw new ArgumentException($"The compiler option '{extra}' cannot be passed through: the output file and source name are set for each file.", nameof(options));
            }
        }
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOf('\n');
        return (end < 0 ? text : text.Substring(0, end)).Trim();
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A virus scanner or a killed compiler may still hold a file; the temp folder is cleaned by the OS later.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
