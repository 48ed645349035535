using MicroPythonRomfs.Cli;

namespace MicroPythonRomfs.Module.Tests.Cli;

/// <summary>Runs mpromfs in-process and captures what it printed.</summary>
internal sealed record MpromfsRun(int ExitCode, string Output, string Error)
{
    public static MpromfsRun Of(params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var code = MpromfsApp.Run(args, output, error);
        return new MpromfsRun(code, output.ToString(), error.ToString());
    }

    public string[] OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
