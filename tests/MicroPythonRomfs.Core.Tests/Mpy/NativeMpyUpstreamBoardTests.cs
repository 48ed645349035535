using System.Text;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Mpy;
using MicroPythonRomfs.Partitions;
using MicroPythonRomfs.Romfs;
using MicroPythonRomfs.Tests.Device.Rig;
using MicroPythonRomfs.Tests.Mpy.Compiler;

namespace MicroPythonRomfs.Tests.Mpy;

/// <summary>
/// Native code in a ROMFS image, run by upstream firmware (x86-64 unix port, so -march=x64 code executes): the
/// corpus's native programs, from upstream mpy-cross's own .x64.mpy files and compiled through our mpy-cross
/// hand-over, deployed, imported from /rom and compared with their expected output.
/// </summary>
public class NativeMpyUpstreamBoardTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static IReadOnlyList<string> NativePrograms() =>
        Directory.GetFiles(Path.Combine(CompilerCorpus.Root, "native"), "*.x64.mpy")
            .Select(f => Path.GetFileName(f)[..^".x64.mpy".Length])
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();

    [Fact]
    public async Task UpstreamX64Mpy_CheckedAgainstTheBoard_RunFromRom_AndPrintTheirExpectedOutput()
    {
        var programs = NativePrograms();
        Assert.NotEmpty(programs);
        using var board = await UpstreamBoard.StartTcpAsync();
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, None);
        var target = MpyVersionInfo.FromSysImplementation(device.Info.MpyValue!.Value);
        Assert.Equal(MpyArchitecture.X64, target.Architecture);
        var items = programs.Select(p => RomfsSourceItem.ForBytes("m_" + p + ".mpy", File.ReadAllBytes(Path.Combine(CompilerCorpus.Root, "native", p + ".x64.mpy")))).ToList();
        var image = await RomfsBuilder.BuildAsync(items, new RomfsBuildOptions { CompileMpy = false, Target = target, RejectIncompatibleMpy = true }, None);

        await AssertEachPrintsItsOutputAsync(device, image, programs);
    }

    [Fact]
    public async Task NativeSources_CompiledThroughMpyCrossWithMarchX64_RunFromRom_AndPrintTheirExpectedOutput()
    {
        var programs = NativePrograms();
        var compiler = await MpyCrossCompiler.CreateAsync(RigPaths.Bin("mpy-cross"), new MpyCrossOptions { Architecture = MpyArchitecture.X64 }, null, None);
        var items = programs.Select(p => RomfsSourceItem.ForBytes("m_" + p + ".py", File.ReadAllBytes(Path.Combine(CompilerCorpus.Root, "native", p + ".py")))).ToList();
        var image = await RomfsBuilder.BuildAsync(items, new RomfsBuildOptions { Compiler = compiler }, None);
        Assert.All(RomfsImage.Parse(image).Entries, e => Assert.EndsWith(".mpy", e.Path, StringComparison.Ordinal));
        using var board = await UpstreamBoard.StartTcpAsync();
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, None);

        await AssertEachPrintsItsOutputAsync(device, image, programs);
    }

    private static async Task AssertEachPrintsItsOutputAsync(MicroPythonDevice device, byte[] image, IReadOnlyList<string> programs)
    {
        Assert.True((await new PartitionWriter(device.Session).DeployAsync(image, 0, new DeployOptions { Transfer = TransferMode.Text }, None))!.Verified);
        foreach (var program in programs)
        {
            await device.SoftResetAsync(None);
            var output = Encoding.UTF8.GetString(await device.Session.ExecAsync($"import m_{program}\nprint(m_{program}.__file__)", None)).Replace("\r\n", "\n", StringComparison.Ordinal);
            var expected = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(CompilerCorpus.Root, "native", program + ".out")));
            Assert.Equal(expected + $"/rom/m_{program}.mpy\n", output);
        }
    }
}
