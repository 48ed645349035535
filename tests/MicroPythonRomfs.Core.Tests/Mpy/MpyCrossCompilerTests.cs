using MicroPythonRomfs.Mpy;

namespace MicroPythonRomfs.Tests.Mpy;

public sealed class MpyCrossCompilerTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mpromfs-compile-" + Guid.NewGuid().ToString("N"));

    public MpyCrossCompilerTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Task<MpyCrossCompiler> StandIn(MpyCrossOptions? options = null, RecordingReporter? reporter = null)
        => MpyCrossCompiler.CreateAsync(MpyCrossStandIn.ExecutablePath, options, reporter);

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private string CopyVector(string vectorRelative, string relative)
    {
        var path = Path.Combine(_folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Copy(Path.Combine(TestPaths.Vectors, vectorRelative), path);
        return path;
    }

    [Fact]
    public async Task CreateAsync_ReadsWhatMpyCrossEmits_FromItsVersion()
    {
        var compiler = await StandIn();
        Assert.Equal(new MpyVersionInfo(6, 3), compiler.EmittedVersion);
        Assert.Equal("mpy-cross v1.29.0-preview.731.g1c3c201149 (mpy v6.3)", compiler.Description);
        Assert.Equal(MpyCrossStandIn.ExecutablePath, compiler.ExecutablePath);
    }

    [Fact]
    public async Task CreateAsync_WithAnArchitecture_SaysSoInTheDescription()
    {
        var compiler = await StandIn(new MpyCrossOptions { Architecture = MpyArchitecture.X64 });
        Assert.Equal(new MpyVersionInfo(6, 3, MpyArchitecture.X64), compiler.EmittedVersion);
        Assert.EndsWith("(mpy v6.3, -march=x64)", compiler.Description);
    }

    [Fact]
    public async Task LocateAsync_WithAnExplicitPath_UsesIt_AndSaysSo()
    {
        var reporter = new RecordingReporter();
        var compiler = await MpyCrossCompiler.LocateAsync(MpyCrossStandIn.ExecutablePath, new MpyCrossOptions { Architecture = MpyArchitecture.Armv6m }, reporter);
        Assert.NotNull(compiler);
        Assert.Equal(MpyArchitecture.Armv6m, compiler!.Options.Architecture);
        var line = Assert.Single(reporter.VerboseLines);
        Assert.Contains(MpyCrossStandIn.ExecutablePath, line);
        Assert.Contains("given explicitly", line);
    }

    [Fact]
    public async Task LocateAsync_OfAMissingExplicitPath_FailsNamingIt()
    {
        var missing = Path.Combine(_folder, "no-such-mpy-cross");
        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => MpyCrossCompiler.LocateAsync(missing));
        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public async Task CreateAsync_OfAFileThatIsNotAProgram_FailsNamingIt()
    {
        var notAProgram = Write("notes.txt", "hello");
        var error = await Assert.ThrowsAsync<MpyCrossUnavailableException>(() => MpyCrossCompiler.CreateAsync(notAProgram));
        Assert.Contains(notAProgram, error.Message);
        Assert.Equal(notAProgram, error.ExecutablePath);
    }

    [Fact]
    public async Task CompileAsync_MatchesUpstream_ForEveryVectorTreeSource()
    {
        var trees = Path.Combine(TestPaths.Vectors, "trees");
        var mpyFolder = Path.Combine(TestPaths.Vectors, "mpy");
        var expected = Directory.EnumerateFiles(mpyFolder, "*.mpy", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal).ToList();
        var requests = expected
            .Select(mpy => MpyVectorFiles.Relative(mpyFolder, mpy))
            .Select(relative => relative.Substring(0, relative.Length - 4) + ".py")
            .Select(name => new MpyCompileRequest(Path.Combine(trees, name.Replace('/', Path.DirectorySeparatorChar)), name))
            .ToList();
        Assert.Equal(8, requests.Count);

        var results = await (await StandIn()).CompileAsync(requests, CancellationToken.None);

        Assert.Equal(expected.Count, results.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(File.ReadAllBytes(expected[i]), results[i]);
        }
    }

    [Fact]
    public async Task CompileAsync_MatchesUpstream_ForTheLiteralsCorpusAndTheNativeGroup()
    {
        var compiler = await StandIn();
        var literals = Directory.EnumerateFiles(Path.Combine(TestPaths.Vectors, "compiler", "literals"), "*.py").OrderBy(p => p, StringComparer.Ordinal).ToList();
        var results = await compiler.CompileAsync(literals.Select(p => new MpyCompileRequest(p, "compiler/literals/" + Path.GetFileName(p))).ToList(), CancellationToken.None);
        for (var i = 0; i < literals.Count; i++)
        {
            Assert.Equal(File.ReadAllBytes(Path.ChangeExtension(literals[i], ".mpy")), results[i]);
        }

        var x64 = await StandIn(new MpyCrossOptions { Architecture = MpyArchitecture.X64 });
        var native = Directory.EnumerateFiles(Path.Combine(TestPaths.Vectors, "compiler", "native"), "*.py").OrderBy(p => p, StringComparer.Ordinal).ToList();
        var nativeResults = await x64.CompileAsync(native.Select(p => new MpyCompileRequest(p, "compiler/native/" + Path.GetFileName(p))).ToList(), CancellationToken.None);
        for (var i = 0; i < native.Count; i++)
        {
            Assert.Equal(File.ReadAllBytes(Path.ChangeExtension(native[i], ".x64.mpy")), nativeResults[i]);
            Assert.Equal("mpy 6.3, x64", MpyHeader.Read(nativeResults[i]).Description);
        }
    }

    [Fact]
    public async Task CompileAsync_WithMarch_OfSourceWithoutNativeCode_GivesBytecodeOnly()
    {
        // What a deploy does when it passes the board's architecture for every file.
        var source = Path.Combine(TestPaths.Vectors, "trees", "basic", "main.py");
        var results = await (await StandIn(new MpyCrossOptions { Architecture = MpyArchitecture.X64 })).CompileAsync(new[] { new MpyCompileRequest(source, "basic/main.py") }, CancellationToken.None);
        Assert.Equal(File.ReadAllBytes(Path.Combine(TestPaths.Vectors, "mpy", "basic", "main.mpy")), results[0]);
        Assert.Equal("mpy 6, bytecode only", MpyHeader.Read(results[0]).Description);
    }

    [Fact]
    public async Task CompileAsync_ReportsEverySyntaxError_NamingTheUsersFileAndLine()
    {
        var parseError = CopyVector("compiler/errors/indent_unexpected.py", Path.Combine("app", "indent.py"));
        var good = CopyVector("trees/basic/config.py", Path.Combine("app", "config.py"));
        var compileError = CopyVector("compiler/errors/assign_to_call.py", Path.Combine("app", "lib", "assign.py"));
        var requests = new[]
        {
            new MpyCompileRequest(parseError, "app/indent.py"),
            new MpyCompileRequest(good, "basic/config.py"),
            new MpyCompileRequest(compileError, "app/lib/assign.py"),
        };

        var error = await Assert.ThrowsAsync<MpyCompilationException>(() => StandIn().ContinueWith(t => t.Result.CompileAsync(requests, CancellationToken.None)).Unwrap());

        Assert.Equal(2, error.Errors.Count);
        Assert.Equal(parseError, error.Errors[0].SourceFile);
        Assert.Equal(7, error.Errors[0].Line);
        Assert.Equal("IndentationError: unexpected indent", error.Errors[0].Message);
        Assert.Equal(compileError, error.Errors[1].SourceFile);
        Assert.Equal(9, error.Errors[1].Line);
        Assert.Equal("SyntaxError: can't assign to expression", error.Errors[1].Message);
        Assert.StartsWith("2 files could not be compiled; the first: " + parseError + ":7:", error.Message);
    }

    [Fact]
    public async Task CompileAsync_WithoutMarch_RefusesNativeCodeLikeUpstream()
    {
        var source = CopyVector("compiler/native/viper_ptr.py", "viper_ptr.py");
        var error = await Assert.ThrowsAsync<MpyCompilationException>(async () => await (await StandIn()).CompileAsync(new[] { new MpyCompileRequest(source, "compiler/native/viper_ptr.py") }, CancellationToken.None));
        Assert.Equal("SyntaxError: invalid arch", Assert.Single(error.Errors).Message);
    }

    [Fact]
    public async Task CompileAsync_LeavesNothingBesideTheSource()
    {
        var source = CopyVector("trees/basic/main.py", Path.Combine("basic", "main.py"));
        await (await StandIn()).CompileAsync(new[] { new MpyCompileRequest(source, "basic/main.py") }, CancellationToken.None);
        Assert.Equal(new[] { source }, Directory.GetFiles(_folder, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task CompileAsync_PassesTheOptions_AndKeepsPathsWithSpacesAndQuotesWhole()
    {
        var source = Write(Path.Combine("my \"app\" dir", "main.py"), "# mpy-cross-stand-in: echo-arguments\n");
        var options = new MpyCrossOptions { Architecture = MpyArchitecture.Xtensawin, OptimizationLevel = 2, ExtraArguments = new[] { "-msmall-int-bits=31", "-X", "emit=native" } };
        var results = await (await StandIn(options)).CompileAsync(new[] { new MpyCompileRequest(source, "my app/main.py") }, CancellationToken.None);

        var arguments = MpyHeader.Read(results[0]).SourceName!.Split('\u0001');
        Assert.Equal(10, arguments.Length);
        Assert.Equal("-o", arguments[0]);
        Assert.StartsWith(Path.GetTempPath(), arguments[1]);
        Assert.DoesNotContain(_folder, arguments[1]);
        Assert.Equal(new[] { "-s", "my app/main.py", "-march=xtensawin", "-O2", "-msmall-int-bits=31", "-X", "emit=native", source }, arguments.Skip(2).Take(8));
    }

    [Fact]
    public async Task CompileAsync_StartsTheCompilerInATempFolder_NeverInTheSourceOrCurrentFolder()
    {
        var source = Write(Path.Combine("app", "where.py"), "# mpy-cross-stand-in: echo-directory\n");
        var results = await (await StandIn()).CompileAsync(new[] { new MpyCompileRequest(source, "app/where.py") }, CancellationToken.None);
        var folder = MpyHeader.Read(results[0]).SourceName!;
        Assert.StartsWith(Path.GetFullPath(Path.GetTempPath()).TrimEnd(Path.DirectorySeparatorChar), Path.GetFullPath(folder));
        Assert.DoesNotContain(_folder, folder);
        Assert.NotEqual(Environment.CurrentDirectory, folder);
        Assert.False(Directory.Exists(folder), "the compiler's temp folder is removed afterwards");
    }

    [Fact]
    public async Task CompileAsync_RunsSeveralCompilersAtOnce()
    {
        // Each stand-in waits until all three have started; run one after another, they would fail.
        var requests = Enumerable.Range(0, 3)
            .Select(i => new MpyCompileRequest(Write($"r{i}.py", "# mpy-cross-stand-in: rendezvous 3\n"), $"app/r{i}.py"))
            .ToList();
        var results = await (await StandIn(new MpyCrossOptions { MaxParallelism = 3 })).CompileAsync(requests, CancellationToken.None);
        Assert.Equal(new[] { "app/r0.py", "app/r1.py", "app/r2.py" }, results.Select(r => MpyHeader.Read(r).SourceName));
    }

    [Fact]
    public async Task CompileAsync_StopsACompilerThatDoesNotFinish_AtTheTimeLimit()
    {
        var source = Write("stuck.py", "# mpy-cross-stand-in: hang\n");
        var compiler = await StandIn(new MpyCrossOptions { Timeout = TimeSpan.FromSeconds(3) });
        var error = await Assert.ThrowsAsync<MpyCompilationException>(() => compiler.CompileAsync(new[] { new MpyCompileRequest(source, "stuck.py") }, CancellationToken.None));
        var only = Assert.Single(error.Errors);
        Assert.Equal(source, only.SourceFile);
        Assert.Contains("did not finish within 3 s", only.Message);
    }

    [Fact]
    public async Task CompileAsync_WhenCancelled_StopsTheCompilers()
    {
        var requests = Enumerable.Range(0, 2).Select(i => new MpyCompileRequest(Write($"h{i}.py", "# mpy-cross-stand-in: hang\n"), $"h{i}.py")).ToList();
        var compiler = await StandIn();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => compiler.CompileAsync(requests, cancel.Token));
    }

    [Fact]
    public async Task CompileAsync_OfNoRequests_StartsNothing()
    {
        Assert.Empty(await (await StandIn()).CompileAsync(Array.Empty<MpyCompileRequest>(), CancellationToken.None));
    }

    [Theory]
    [InlineData("-o")]
    [InlineData("-s")]
    public async Task CreateAsync_RefusesExtraOptionsThatWouldMoveTheOutputOrTheSourceName(string option)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => StandIn(new MpyCrossOptions { ExtraArguments = new[] { option, "x" } }));
        Assert.Contains($"'{option}'", error.Message);
    }

    [Fact]
    public async Task CompileAsync_ReportsEachCommandAsAVerboseLine()
    {
        var reporter = new RecordingReporter();
        var source = CopyVector("trees/basic/config.py", Path.Combine("basic", "config.py"));
        await (await StandIn(reporter: reporter)).CompileAsync(new[] { new MpyCompileRequest(source, "basic/config.py") }, CancellationToken.None);
        var line = Assert.Single(reporter.VerboseLines);
        Assert.StartsWith("mpy-cross -o ", line);
        Assert.Contains("-s basic/config.py", line);
    }
}
