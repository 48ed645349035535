using MicroPythonRomfs.Mpy;
using MicroPythonRomfs.Watch;

namespace MicroPythonRomfs.Tests.Watch;

public class CachingMpyCompilerTests
{
    [Fact]
    public async Task Compile_PassesOnlyUnseenContent_ToTheWrappedCompiler()
    {
        using var tree = new TempFolder();
        var a = tree.WriteFile("a.py", "a = 1\n");
        var b = tree.WriteFile("b.py", "b = 1\n");
        var inner = new CountingCompiler();
        var cache = new CachingMpyCompiler(inner);
        var requests = new[] { new MpyCompileRequest(a, "app/a.py"), new MpyCompileRequest(b, "app/b.py") };

        var first = await cache.CompileAsync(requests, CancellationToken.None);
        tree.WriteFile("b.py", "b = 2\n");
        var second = await cache.CompileAsync(requests, CancellationToken.None);

        Assert.Equal(new[] { "app/a.py", "app/b.py", "app/b.py" }, inner.Compiled);
        Assert.Equal(1, cache.LastCompiledCount);
        Assert.Equal(1, cache.LastReusedCount);
        Assert.Equal(first[0], second[0]);
        Assert.NotEqual(first[1], second[1]);
    }

    [Fact]
    public async Task Compile_TreatsTheSameContentUnderAnotherSourceName_AsNew()
    {
        using var tree = new TempFolder();
        var a = tree.WriteFile("a.py", "a = 1\n");
        var inner = new CountingCompiler();
        var cache = new CachingMpyCompiler(inner);

        await cache.CompileAsync(new[] { new MpyCompileRequest(a, "app/a.py") }, CancellationToken.None);
        await cache.CompileAsync(new[] { new MpyCompileRequest(a, "other/a.py") }, CancellationToken.None);
        await cache.CompileAsync(new[] { new MpyCompileRequest(a, "app/a.py") }, CancellationToken.None);

        Assert.Equal(new[] { "app/a.py", "other/a.py" }, inner.Compiled);
    }

    [Fact]
    public async Task Compile_DoesNotCacheFailures()
    {
        using var tree = new TempFolder();
        var a = tree.WriteFile("a.py", "a = (\n");
        var cache = new CachingMpyCompiler(new ManagedMpyCompilerStandIn());

        await Assert.ThrowsAsync<MpyCompilationException>(() => cache.CompileAsync(new[] { new MpyCompileRequest(a, "app/a.py") }, CancellationToken.None));
        await Assert.ThrowsAsync<MpyCompilationException>(() => cache.CompileAsync(new[] { new MpyCompileRequest(a, "app/a.py") }, CancellationToken.None));
    }

    private sealed class CountingCompiler : IMpyCompiler
    {
        public List<string> Compiled { get; } = new();

        public string Description => "counting";

        public Task<IReadOnlyList<byte[]?>> CompileAsync(IReadOnlyList<MpyCompileRequest> requests, CancellationToken cancellationToken)
        {
            Compiled.AddRange(requests.Select(r => r.SourceName));
            return Task.FromResult<IReadOnlyList<byte[]?>>(requests.Select(r => (byte[]?)File.ReadAllBytes(r.SourceFile)).ToList());
        }
    }

    private sealed class ManagedMpyCompilerStandIn : IMpyCompiler
    {
        public string Description => "failing";

        public Task<IReadOnlyList<byte[]?>> CompileAsync(IReadOnlyList<MpyCompileRequest> requests, CancellationToken cancellationToken) =>
            throw new MpyCompilationException(new[] { new MpyCompileError(requests[0].SourceFile, 1, "invalid syntax") });
    }
}
