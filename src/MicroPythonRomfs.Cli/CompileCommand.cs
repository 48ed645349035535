using System.CommandLine;
using MicroPythonRomfs.Mpy;
using MicroPythonRomfs.Mpy.Compiler;

namespace MicroPythonRomfs.Cli;

/// <summary>
/// <c>mpromfs compile &lt;file.py&gt; [-o out.mpy] [-s name] [-O level] [-march=arch] [-msmall-int-bits=N]</c>: the managed
/// compiler behaving like mpy-cross, so a script can use one in place of the other (same output file, same refusal
/// text on stderr, exit status 1 and no output file on refusal).
/// </summary>
internal static class CompileCommand
{
    private static readonly string[] Architectures =
    {
        "x86", "x64", "armv6", "armv6m", "armv7m", "armv7em", "armv7emsp", "armv7emdp", "xtensa", "xtensawin", "rv32imc", "rv64imc", "debug",
    };

    public static Command Create(CliContext context)
    {
        var input = new Argument<string>("file") { Description = "The .py file to compile." };
        var output = new Option<string?>("-o") { Description = "The .mpy file to write (default: the input with .mpy in place of .py)." };
        var sourceName = new Option<string?>("-s") { Description = "The source name stored in the .mpy (default: the input path as given)." };
        var optimize = new Option<int>("-O") { Description = "The optimisation level, as mpy-cross -O (0 to 3)." };
        var march = new Option<string?>("-march") { Description = "The native architecture, accepted as mpy-cross -march; bytecode is the same for all." };
        march.AcceptOnlyFromAmong(Architectures);
        var smallIntBits = new Option<int>("-msmall-int-bits") { Description = "Bits in the target's small int (default 31).", DefaultValueFactory = _ => 31 };
        var command = new Command("compile", "Compile a .py file to .mpy bytecode in process, like mpy-cross.") { input, output, sourceName, optimize, march, smallIntBits };
        command.SetAction((result, cancellationToken) => context.GuardAsync(() =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            var inputPath = result.GetValue(input)!;
            var outputPath = result.GetValue(output) ?? DefaultOutput(inputPath);
            var name = result.GetValue(sourceName) ?? inputPath;
            var bits = result.GetValue(smallIntBits);
            if (bits < 8 || bits > 63)
            {
                throw new ArgumentException($"-msmall-int-bits must be between 8 and 63, not {bits}.");
            }

            var compiler = new ManagedMpyCompiler(new MpyCompilerOptions
            {
                OptimizationLevel = result.GetValue(optimize),
                SmallIntBits = bits,
                Architecture = result.GetValue(march),
            });
            var source = File.ReadAllBytes(inputPath);
            byte[]? mpy;
            string? errorText;
            try
            {
                mpy = compiler.CompileLikeMpyCross(source, inputPath, name, out errorText);
            }
            catch (MpyNativeCodeException e)
            {
                context.Fail(e.Message);
                return Task.FromResult(CliContext.Failure);
            }

            if (mpy == null)
            {
                context.Error.Write(errorText);
                return Task.FromResult(CliContext.Failure);
            }

            WriteAtomically(outputPath, mpy);
            return Task.FromResult(CliContext.Success);
        }));
        return command;
    }

    /// <summary>mpy-cross's single-dash spellings: -O2 and -march=x64 become option and value.</summary>
    public static string[] NormalizeArguments(string[] args)
    {
        var normalized = new List<string>(args.Length + 2);
        foreach (var arg in args)
        {
            if (arg.Length > 2 && arg.StartsWith("-O", StringComparison.Ordinal) && char.IsDigit(arg[2]))
            {
                normalized.Add("-O");
                normalized.Add(arg.Substring(2));
            }
            else if (arg.StartsWith("-march=", StringComparison.Ordinal) || arg.StartsWith("-msmall-int-bits=", StringComparison.Ordinal))
            {
                var eq = arg.IndexOf('=');
                normalized.Add(arg.Substring(0, eq));
                normalized.Add(arg.Substring(eq + 1));
            }
            else
            {
                normalized.Add(arg);
            }
        }

        return normalized.ToArray();
    }

    // As mpy-cross: the input's last extension replaced by .mpy, or .mpy added when it has none.
    private static string DefaultOutput(string inputPath)
    {
        var dot = inputPath.LastIndexOf('.');
        var separator = Math.Max(inputPath.LastIndexOf('/'), inputPath.LastIndexOf(Path.DirectorySeparatorChar));
        return (dot > separator + 1 ? inputPath.Substring(0, dot) : inputPath) + ".mpy";
    }

    // Never leave a half-written .mpy: write beside it, then move into place.
    private static void WriteAtomically(string path, byte[] data)
    {
        var full = Path.GetFullPath(path);
        var temporary = full + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            File.WriteAllBytes(temporary, data);
            if (File.Exists(full))
            {
                File.Replace(temporary, full, null);
            }
            else
            {
                File.Move(temporary, full);
            }
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
