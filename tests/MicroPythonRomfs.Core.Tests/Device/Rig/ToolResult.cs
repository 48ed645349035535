namespace MicroPythonRomfs.Tests.Device.Rig;

/// <summary>What an upstream tool (mpremote, mpy-cross) did: its exit code and everything it printed.</summary>
public sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Throws with the tool's output unless it exited with 0, so a failing cross-check says why.</summary>
    public ToolResult EnsureSuccess(string what)
    {
        if (ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} exited with {ExitCode}:\n{StandardOutput}\n{StandardError}");
        }

        return this;
    }
}
