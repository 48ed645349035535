using MicroPythonRomfs.Reporting;

namespace MicroPythonRomfs.Mpy.Compiler;

/// <summary>
/// The default compiler: the managed compiler for every file; a file that needs a native emitter
/// (<c>@micropython.native</c>, <c>viper</c>, inline assembler) goes to mpy-cross when one is available, and is
/// otherwise stored as <c>.py</c> with a warning naming the file, line and emitter.
/// </summary>
public sealed class AutoMpyCompiler : IMpyCompiler
{
    private readonly ManagedMpyCompiler _managed;
    private readonly IMpyCompiler? _nativeFallback;
    private readonly IOperationReporter _reporter;

    /// <summary>Creates the compiler.</summary>
    /// <param name="managed">The managed compiler.</param>
    /// <param name="nativeFallback">mpy-cross, for files that need native code; <see langword="null"/> when none is available.</param>
    /// <param name="reporter">Receives the warning about files left as source.</param>
    public AutoMpyCompiler(ManagedMpyCompiler managed, IMpyCompiler? nativeFallback, IOperationReporter? reporter)
    {
        _managed = managed ?? throw new ArgumentNullException(nameof(managed));
        _nativeFallback = nativeFallback;
        _reporter = reporter ?? NullOperationReporter.Instance;
    }

    /// <inheritdoc/>
    public string Description => _nativeFallback == null ? _managed.Description : $"{_managed.Description}, with {_nativeFallback.Description} for native code";

    /// <inheritdoc/>
    public async Task<IReadOnlyList<byte[]?>> CompileAsync(IReadOnlyList<MpyCompileRequest> requests, CancellationToken cancellationToken)
    {
        var outcomes = _managed.CompileEach(requests, cancellationToken);
        var errors = outcomes.Where(o => o.Errors != null).SelectMany(o => o.Errors!).ToList();
        if (errors.Count > 0)
        {
            throw new MpyCompilationException(errors);
        }

        var results = outcomes.Select(o => o.Mpy).ToArray();
        var native = Enumerable.Range(0, outcomes.Length).Where(i => outcomes[i].NativeCode != null).ToList();
        if (native.Count == 0)
        {
            return results;
        }

        if (_nativeFallback != null)
        {
            var compiled = await _nativeFallback.CompileAsync(native.Select(i => requests[i]).ToList(), cancellationToken).ConfigureAwait(false);
            for (var k = 0; k < native.Count; k++)
            {
                results[native[k]] = compiled[k];
            }

            return results;
        }

        var where = string.Join(", ", native.Select(i => $"{requests[i].SourceFile}:{outcomes[i].NativeCode!.Line} (@micropython.{outcomes[i].NativeCode!.Emitter})"));
        _reporter.Warning($"{native.Count} file(s) need a native code emitter, which only mpy-cross has, so they are stored as .py source: {where}. Install mpy-cross (-MpyCross or MPY_CROSS) to compile them.");
        return results;
    }
}
