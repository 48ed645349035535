using MicroPythonRomfs.Mpy;

namespace MicroPythonRomfs.Tests.Romfs;

/// <summary>A compiler that answers with the upstream mpy-cross output stored in the vectors' mpy/ folder.</summary>
internal sealed class VectorMpyCompiler : IMpyCompiler
{
    public List<IReadOnlyList<MpyCompileRequest>> Calls { get; } = new();

    public string Description => "vector .mpy files";

    public Task<IReadOnlyList<byte[]?>> CompileAsync(IReadOnlyList<MpyCompileRequest> requests, CancellationToken cancellationToken)
    {
        Calls.Add(requests);
        var outputs = requests
            .Select(r => File.ReadAllBytes(Path.Combine(TestPaths.Vectors, "mpy", r.SourceName.Substring(0, r.SourceName.Length - 3) + ".mpy")))
            .ToList();
        return Task.FromResult<IReadOnlyList<byte[]?>>(outputs);
    }
}
