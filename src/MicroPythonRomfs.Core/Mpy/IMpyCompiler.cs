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
    /// <returns>The <c>.mpy</c> bytes of each request, in request order.</returns>
    /// <exception cref="MpyCompilationException">One or more files could not be compiled; each error names its file and line.</exception>
    Task<IReadOnlyList<byte[]>> CompileAsync(IReadOnlyList<MpyCompileRequest> requests, CancellationToken cancellationToken);
}
