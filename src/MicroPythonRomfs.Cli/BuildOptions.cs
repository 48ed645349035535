using System.CommandLine;
using MicroPythonRomfs.Mpy;
using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.Cli;

/// <summary>
/// The options of every command that builds a folder (<c>build</c>, <c>deploy</c>, <c>watch</c>): defined once so
/// their names, help and validation are the same everywhere, and turned into one <see cref="RomfsBuildRequest"/>.
/// </summary>
internal sealed class BuildOptions
{
    public Option<bool> NoMpy { get; } = new("--no-mpy") { Description = "Store .py files as they are instead of compiling them to .mpy." };

    public Option<string?> Compiler { get; } = new("--compiler") { Description = "auto (default: the built-in compiler, with mpy-cross for native code when found), managed, or mpy-cross. --mpy-cross alone means mpy-cross." };

    public Option<string?> MpyCross { get; } = new("--mpy-cross") { Description = "The mpy-cross executable (default: $MPY_CROSS, else mpy-cross on PATH)." };

    public Option<string?> March { get; } = new("--march") { Description = "The native architecture to compile for, as mpy-cross -march names it (needed for @micropython.native/viper; default: the board's, when there is one)." };

    public Option<int> Align { get; } = new("--align") { Description = "Align every file's data to N bytes (a power of two).", DefaultValueFactory = _ => 1 };

    public Option<string[]> Exclude { get; } = new("--exclude") { Description = "Leave out entries matching a pattern (repeatable).", AllowMultipleArgumentsPerToken = false };

    public BuildOptions()
    {
        Compiler.AcceptOnlyFromAmong("auto", "managed", "mpy-cross");
        March.AcceptOnlyFromAmong(MpyArchitectureNames.MarchNames.ToArray());
    }

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(NoMpy);
        command.Options.Add(Compiler);
        command.Options.Add(MpyCross);
        command.Options.Add(March);
        command.Options.Add(Align);
        command.Options.Add(Exclude);
    }

    /// <summary>The request the parsed options describe.</summary>
    public RomfsBuildRequest Request(ParseResult result) => new()
    {
        NoMpy = result.GetValue(NoMpy),
        Compiler = result.GetValue(Compiler) switch
        {
            "auto" => MpyCompilerKind.Auto,
            "managed" => MpyCompilerKind.Managed,
            "mpy-cross" => MpyCompilerKind.MpyCross,
            _ => null,
        },
        MpyCrossPath = result.GetValue(MpyCross),
        Architecture = result.GetValue(March) is string name ? MpyArchitectureNames.Parse(name) : null,
        Alignment = result.GetValue(Align),
        Exclude = result.GetValue(Exclude) ?? Array.Empty<string>(),
    };
}
