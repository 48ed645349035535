using System.Text;

namespace MicroPythonRomfs.Mpy.Compiler;

/// <summary>
/// Compiles MicroPython source to bytecode <c>.mpy</c> (version 6.3) in process, producing the same bytes as upstream
/// <c>mpy-cross</c>; no Python or native tool is needed.
/// </summary>
public sealed class ManagedMpyCompiler : IMpyCompiler
{
    private readonly MpyCompilerOptions _options;

    /// <summary>Creates a compiler with upstream's default options.</summary>
    public ManagedMpyCompiler()
        : this(new MpyCompilerOptions())
    {
    }

    /// <summary>Creates a compiler with the given options.</summary>
    /// <param name="options">Optimisation level, small-int bits and architecture.</param>
    public ManagedMpyCompiler(MpyCompilerOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        if (options.SmallIntBits < 8 || options.SmallIntBits > 63)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.SmallIntBits, "SmallIntBits must be between 8 and 63.");
        }

        if (options.OptimizationLevel < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.OptimizationLevel, "OptimizationLevel must not be negative.");
        }
    }

    /// <inheritdoc/>
    public string Description => "managed compiler (mpy v6.3)";

    /// <inheritdoc/>
    public Task<IReadOnlyList<byte[]?>> CompileAsync(IReadOnlyList<MpyCompileRequest> requests, CancellationToken cancellationToken)
    {
        var outcomes = CompileEach(requests, cancellationToken);
        var errors = new List<MpyCompileError>();
        for (var i = 0; i < outcomes.Length; i++)
        {
            if (outcomes[i].Errors is { } fileErrors)
            {
                errors.AddRange(fileErrors);
            }
            else if (outcomes[i].NativeCode is { } native)
            {
                errors.Add(new MpyCompileError(requests[i].SourceFile, native.Line, $"@micropython.{native.Emitter} needs a native code emitter; compile this file with mpy-cross -march"));
            }
        }

        if (errors.Count > 0)
        {
            throw new MpyCompilationException(errors);
        }

        return Task.FromResult<IReadOnlyList<byte[]?>>(outcomes.Select(o => o.Mpy).ToArray());
    }

    /// <summary>Compiles every request in parallel, keeping each file's result, refusal or native-code report in request order.</summary>
    internal MpyCompileOutcome[] CompileEach(IReadOnlyList<MpyCompileRequest> requests, CancellationToken cancellationToken)
    {
        if (requests == null)
        {
            throw new ArgumentNullException(nameof(requests));
        }

        var outcomes = new MpyCompileOutcome[requests.Count];
        Parallel.For(0, requests.Count, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var request = requests[i];
            try
            {
                outcomes[i] = new MpyCompileOutcome(Compile(File.ReadAllBytes(request.SourceFile), request.SourceName), null, null);
            }
            catch (MpyCompilationException e)
            {
                outcomes[i] = new MpyCompileOutcome(null, e.Errors.Select(error => new MpyCompileError(request.SourceFile, error.Line, error.Message)).ToList(), null);
            }
            catch (MpyNativeCodeException e)
            {
                outcomes[i] = new MpyCompileOutcome(null, null, e);
            }
        });

        return outcomes;
    }

    /// <summary>Compiles one source file's bytes to <c>.mpy</c> bytes.</summary>
    /// <param name="source">The UTF-8 source.</param>
    /// <param name="sourceName">The name embedded in the .mpy (mpy-cross <c>-s</c>).</param>
    /// <returns>The .mpy file.</returns>
    /// <exception cref="MpyCompilationException">The source is refused; the error names the line and message as mpy-cross does.</exception>
    public byte[] Compile(byte[] source, string sourceName)
    {
        if (source == null)
        {
            throw new ArgumentNullException(nameof(source));
        }

        if (sourceName == null)
        {
            throw new ArgumentNullException(nameof(sourceName));
        }

        try
        {
            return CompileCore(source, sourceName);
        }
        catch (MpySyntaxException e) when (e.NativeEmitter != null && e.Line is int line)
        {
            throw new MpyNativeCodeException(sourceName, e.NativeEmitter, line);
        }
        catch (MpySyntaxException e)
        {
            throw new MpyCompilationException(new[] { new MpyCompileError(sourceName, e.Line, e.TypeName + ": " + e.Message) });
        }
    }

    /// <summary>
    /// Compiles like mpy-cross: on refusal returns null and gives the exact text mpy-cross writes to stderr.
    /// </summary>
    /// <param name="source">The UTF-8 source.</param>
    /// <param name="inputPath">The input path as given on the command line.</param>
    /// <param name="sourceName">The name embedded in the .mpy (mpy-cross <c>-s</c>).</param>
    /// <param name="errorText">mpy-cross's stderr text when the file is refused.</param>
    /// <returns>The .mpy bytes, or null when refused.</returns>
    /// <exception cref="MpyNativeCodeException">An architecture is set and the file needs a native emitter.</exception>
    public byte[]? CompileLikeMpyCross(byte[] source, string inputPath, string sourceName, out string? errorText)
    {
        errorText = null;
        try
        {
            return CompileCore(source, sourceName);
        }
        catch (MpySyntaxException e) when (e.NativeEmitter != null && e.Line is int line && !string.IsNullOrEmpty(_options.Architecture))
        {
            // With -march, mpy-cross would emit native code; the managed compiler cannot, so it says so.
            throw new MpyNativeCodeException(sourceName, e.NativeEmitter, line);
        }
        catch (MpySyntaxException e)
        {
            errorText = MpyCrossErrorText.Format(e, inputPath, sourceName);
            return null;
        }
    }

    private byte[] CompileCore(byte[] source, string sourceName)
    {
        var text = new UTF8Encoding(false, false).GetString(source);
        var tree = Parser.ParseFile(text, _options.SmallIntBits, _options.OptimizationLevel);
        var module = new ModuleConstants(sourceName);
        var root = CodeGenerator.Compile(tree, module, _options.OptimizationLevel, _options.SmallIntBits);
        return MpyWriter.Write(module, root, _options.SmallIntBits);
    }
}
