using System.Management.Automation;
using System.Reflection;
using System.Text.RegularExpressions;
using MicroPythonRomfs.PowerShell.Commands;
using MicroPythonRomfs.Tests;
using MicroPythonRomfs.Tests.Device.Emulator;

namespace MicroPythonRomfs.Module.Tests.Cli;

/// <summary>
/// Anything one front end can do when it builds a folder the other can: the build options of <c>mpromfs build</c> are
/// on every command that builds, and the cmdlets' build parameters have the same counterparts.
/// </summary>
public class BuildOptionParityTests
{
    // What only writing an image file needs; every other option of `build` decides what the image holds.
    private static readonly string[] FileOnlyOptions = { "--output", "--force" };

    // The cmdlets' build parameters and the mpromfs option each corresponds to.
    private static readonly Dictionary<string, string> CmdletToCli = new(StringComparer.Ordinal)
    {
        ["NoMpy"] = "--no-mpy",
        ["Compiler"] = "--compiler",
        ["MpyCross"] = "--mpy-cross",
        ["Architecture"] = "--march",
        ["Align"] = "--align",
        ["Exclude"] = "--exclude",
    };

    [Theory]
    [InlineData("deploy")]
    [InlineData("watch")]
    public void EveryBuildOptionOfBuild_IsOnTheOtherCommandsThatBuild(string command)
    {
        var build = Options("build").Except(FileOnlyOptions).ToList();

        Assert.Contains("--align", build);
        Assert.Empty(build.Except(Options(command)));
    }

    [Theory]
    [InlineData(typeof(NewRomfsImageCommand))]
    [InlineData(typeof(PublishRomfsImageCommand))]
    [InlineData(typeof(WatchRomfsProjectCommand))]
    public void EveryCmdletThatBuilds_HasEveryBuildParameter_AndMpromfsBuildHasTheirCounterparts(Type cmdlet)
    {
        var parameters = cmdlet.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttributes<ParameterAttribute>().Any())
            .Select(p => p.Name)
            .ToHashSet(StringComparer.Ordinal);

        Assert.Empty(CmdletToCli.Keys.Except(parameters));
        Assert.Empty(CmdletToCli.Values.Except(Options("build")));
    }

    [Fact]
    public async Task DeployOfAFolder_WithBuildOptions_LeavesTheImageBuildMakesWithThem()
    {
        using var board = await BoardEmulator.StartTcpAsync();
        var built = Path.Combine(Path.GetTempPath(), "mpromfs-parity-" + Guid.NewGuid().ToString("N") + ".romfs");
        var saved = built + ".saved";
        try
        {
            var tree = TestPaths.VectorTree("basic");
            var build = MpromfsRun.Of("build", "-o", built, "--no-mpy", "--align", "64", "--exclude", "*.json", tree);
            var deploy = MpromfsRun.Of("deploy", "--port", board.Port, "--no-mpy", "--align", "64", "--exclude", "*.json", tree);
            var save = MpromfsRun.Of("save", "--port", board.Port, "-o", saved);

            Assert.Equal((0, ""), (build.ExitCode, build.Error));
            Assert.Equal((0, ""), (deploy.ExitCode, deploy.Error));
            Assert.Equal(0, save.ExitCode);
            Assert.Equal(File.ReadAllBytes(built), File.ReadAllBytes(saved));
            // The options took effect: the default build of the tree is upstream's image.
            Assert.NotEqual(File.ReadAllBytes(TestPaths.VectorImage("basic.nompy.romfs")), File.ReadAllBytes(saved));
        }
        finally
        {
            File.Delete(built);
            File.Delete(saved);
        }
    }

    private static List<string> Options(string command)
    {
        var help = MpromfsRun.Of(command, "--help");
        Assert.Equal(0, help.ExitCode);
        return Regex.Matches(help.Output, @"^\s+(?:-\w+, )?(--[a-z][a-z-]*)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).Distinct().ToList();
    }
}
