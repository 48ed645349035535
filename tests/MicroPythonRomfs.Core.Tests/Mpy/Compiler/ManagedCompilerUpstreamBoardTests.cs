using System.Text;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Mpy.Compiler;
using MicroPythonRomfs.Partitions;
using MicroPythonRomfs.Romfs;
using MicroPythonRomfs.Tests.Device.Rig;

namespace MicroPythonRomfs.Tests.Mpy.Compiler;

/// <summary>
/// Compile and run on upstream firmware: .mpy files made by the managed compiler travel in a ROMFS image to the
/// upstream board, are imported from /rom by its C interpreter, and print what they should.
/// </summary>
public class ManagedCompilerUpstreamBoardTests
{
    private const int PartitionSize = 1024 * 1024;

    private static readonly TimeSpan ProgramTimeout = TimeSpan.FromMinutes(1);

    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task CompiledCorpus_ImportedFromRom_PrintsExactlyItsExpectedOutput_OnUpstreamFirmware()
    {
        var compiler = new ManagedMpyCompiler();
        var programs = CompilerCorpus.Programs().ToList();
        var items = programs
            .Select(p => RomfsSourceItem.ForBytes(ModuleName(p) + ".mpy", compiler.Compile(File.ReadAllBytes(CompilerCorpus.PathOf(p, ".py")), CompilerCorpus.SourceName(p))))
            .ToList();
        var image = await RomfsBuilder.BuildAsync(items, new RomfsBuildOptions { CompileMpy = false }, None);
        using var board = await UpstreamBoard.StartTcpAsync(new UpstreamBoardOptions { Rom0Size = PartitionSize });
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, None);
        Assert.True((await new PartitionWriter(device.Session).DeployAsync(image, 0, null, None))!.Verified);

        var failures = new List<string>();
        foreach (var program in programs)
        {
            var (output, error) = await ImportAsync(device, ModuleName(program));

            // The one program that warns (exceptions/raise_from) writes the warning to stderr, which is not in .out;
            // on a board stderr and stdout share the link.
            output = output.Replace("Warning: exception chaining not supported\n", string.Empty, StringComparison.Ordinal);
            var expected = Encoding.UTF8.GetString(File.ReadAllBytes(CompilerCorpus.PathOf(program, ".out")));
            if (error != null || output != expected)
            {
                failures.Add($"{program}: {error ?? "printed something else:\n" + output}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {programs.Count} programs failed on the upstream board:\n" + string.Join("\n", failures));
    }

    [Theory]
    [InlineData("basic")]
    [InlineData("big")]
    [InlineData("names")]
    [InlineData("premade")]
    public async Task VectorTree_CompiledByUs_PrintsWhatItsSourcePrints_OnUpstreamFirmware(string tree)
    {
        var root = TestPaths.VectorTree(tree);
        var modules = Directory.GetFiles(root, "*.py", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Select(f => f.EndsWith("/__init__.py", StringComparison.Ordinal) ? f.Substring(0, f.Length - "/__init__.py".Length) : f.Substring(0, f.Length - 3))
            .Select(m => m.Replace('/', '.'))
            .OrderBy(m => m, StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(modules);
        var compiled = await RomfsBuilder.BuildAsync(root, new RomfsBuildOptions { Compiler = new ManagedMpyCompiler() }, None);
        var source = await RomfsBuilder.BuildAsync(root, new RomfsBuildOptions { CompileMpy = false }, None);
        Assert.Contains(RomfsImage.Parse(compiled).Entries, e => e.Path.EndsWith(".mpy", StringComparison.Ordinal) && !File.Exists(Path.Combine(root, e.Path)));
        using var board = await UpstreamBoard.StartTcpAsync(new UpstreamBoardOptions { Rom0Size = PartitionSize });
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, None);

        var fromSource = await ImportEachAsync(device, source, modules);
        var fromMpy = await ImportEachAsync(device, compiled, modules);

        Assert.DoesNotContain(fromSource, r => r.Contains(" raised ImportError", StringComparison.Ordinal));
        Assert.Equal(fromSource, fromMpy);
    }

    private static async Task<List<string>> ImportEachAsync(MicroPythonDevice device, byte[] image, IReadOnlyList<string> modules)
    {
        Assert.True((await new PartitionWriter(device.Session).DeployAsync(image, 0, null, None))!.Verified);
        var results = new List<string>();
        foreach (var module in modules)
        {
            var (output, error) = await ImportAsync(device, module);
            results.Add($"{module}: {output}{(error == null ? string.Empty : " raised " + error)}");
        }

        return results;
    }

    // A soft reset first: a fresh interpreter, and /rom remounted on the image just deployed.
    private static async Task<(string Output, string? Error)> ImportAsync(MicroPythonDevice device, string module)
    {
        await device.SoftResetAsync(None);
        try
        {
            var output = await device.Session.ExecAsync("import " + module, ProgramTimeout, null, None);
            return (Encoding.UTF8.GetString(output).Replace("\r\n", "\n", StringComparison.Ordinal), null);
        }
        catch (MicroPythonException e)
        {
            return (e.Output.Replace("\r\n", "\n", StringComparison.Ordinal), e.ExceptionName + ": " + e.ExceptionMessage);
        }
    }

    // The m_ prefix keeps corpus modules clear of built-in module names.
    private static string ModuleName(string program) => "m_" + program.Replace('/', '_');
}
