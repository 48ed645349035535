namespace MicroPythonRomfs.Mpy;

/// <summary>
/// Turns Python source files into <c>.mpy</c> bytecode. The image builder calls this for every <c>.py</c>
/// file it decides to compile; implementations are upstream <c>mpy-cross</c> run as a process and, later,
/// the managed compiler.
/// </summary>
public interface IMpyCompiler
{
    /// <summary>A one-line description for messages, for example "mpy-cross v1.29.0 (mpy v6.3)".</summary>
    string Description { get; }

    /// <summary>Compiles every request; the results are in the same order as the requests.</summary>
    /// <param name="requests">The files to compile.</param>
    /// <param name="cancellationToken">Cancels the compilation.</param>
    /// <returns>
    /// The <c>.mpy</c> bytes of each request, in request order; <see langword="null"/> for a file this compiler
    /// decided to leave as source (for example code that needs a native emitter when no mpy-cross is at hand), which
    /// the image builder then stores as <c>.py</c>. A compiler that leaves a file as source says why through a warning.
    /// </returns>
    /// <exception cref="MpyCompilationException">One or more files could not be compiled; each error names its file and line.</exception>
    Task<IReadOnlyList<byte[]?>> CompileAsync(IReadOnlyList<MpyCompileRequest> requests, CancellationToken cancellationToken);
}
