using MicroPythonRomfs.Tests.Device.Emulator;

namespace MicroPythonRomfs.Module.Tests.Cli;

/// <summary>mpromfs over ws:// ports (the emulator's WebREPL front): the password from --password or
/// MPROMFS_WEBREPL_PASSWORD, and a refused password as exit code 3. One class, so the variable is set by one test at a time.</summary>
public class MpromfsWebReplTests
{
    private const string Variable = "MPROMFS_WEBREPL_PASSWORD";

    [Fact]
    public async Task Commands_RunOverWebRepl_WithThePasswordFromTheOption()
    {
        using var board = await BoardEmulator.StartWebReplAsync("secret");
        var image = Path.Combine(ModulePaths.Vectors, "images", "basic.nompy.romfs");
        var saved = Path.Combine(Path.GetTempPath(), "mpromfs-ws-" + Guid.NewGuid().ToString("N") + ".romfs");
        try
        {
            var exec = MpromfsRun.Of("exec", "--port", board.Port, "--password", "secret", "print(6*7)");
            Assert.Equal((0, "42\r\n", ""), (exec.ExitCode, exec.Output, exec.Error));

            var deploy = MpromfsRun.Of("deploy", "--port", board.Port, "--password", "secret", "--reset", image);
            Assert.Equal(0, deploy.ExitCode);
            Assert.Contains($"to partition 0 of {board.Port}", deploy.Output);
            Assert.Contains("verified", deploy.Output);

            var query = MpromfsRun.Of("query", "--port", board.Port, "--password", "secret");
            Assert.Equal(0, query.ExitCode);
            Assert.Contains($"image {new FileInfo(image).Length} bytes", query.Output);
            Assert.Contains("mounted at /rom", query.Output);

            var save = MpromfsRun.Of("save", "--port", board.Port, "--password", "secret", "-o", saved);
            Assert.True(save.ExitCode == 0, save.Error);
            Assert.Equal(File.ReadAllBytes(image), File.ReadAllBytes(saved));
            Assert.DoesNotContain("secret", exec.Output + exec.Error + deploy.Output + deploy.Error + query.Output + save.Output + save.Error);
        }
        finally
        {
            File.Delete(saved);
        }
    }

    [Fact]
    public async Task Password_ComesFromTheEnvironment_AndARefusedOneExitsWithCode3()
    {
        using var board = await BoardEmulator.StartWebReplAsync("secret");
        try
        {
            Environment.SetEnvironmentVariable(Variable, "secret");
            var exec = MpromfsRun.Of("exec", "--port", board.Port, "print(1+1)");
            Assert.Equal((0, "2\r\n"), (exec.ExitCode, exec.Output));

            Environment.SetEnvironmentVariable(Variable, "wrong1");
            var refused = MpromfsRun.Of("exec", "--port", board.Port, "print(1)");
            Assert.Equal(3, refused.ExitCode);
            Assert.Equal($"mpromfs: {board.Port} refused the WebREPL password (Access denied). Give the password with --password or the environment variable {Variable}.\n", refused.Error);

            Environment.SetEnvironmentVariable(Variable, null);
            var missing = MpromfsRun.Of("query", "--port", board.Port);
            Assert.Equal(3, missing.ExitCode);
            Assert.Contains("asks for a WebREPL password and none was given", missing.Error);
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, null);
        }
    }
}
