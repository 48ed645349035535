using System.CommandLine;
using System.Text.RegularExpressions;
using MicroPythonRomfs.Mpy;
using MicroPythonRomfs.Mpy.Compiler;

namespace MicroPythonRomfs.Cli;

/// <summary>
/// <c>mpromfs compile &lt;file.py|folder&gt;... [-o out.mpy|DIR] [-s name] [-O level] [-march=arch] [-msmall-int-bits=N]
/// [-X emit=...] [--mpy-cross PATH]</c>: the managed compiler with mpy-cross's options. One file behaves exactly like
/// mpy-cross (same output file, same refusal text on stderr, exit status 1 and no output file on refusal); many files
/// and folders compile in one process, in parallel, each .mpy beside its source or under <c>-o DIR</c> (mirroring the
/// layout of each folder given), with one <c>file:line: message</c> line per refused file and exit status 1 if any was.
/// Code that needs a native emitter goes to mpy-cross when an architecture is given, as <c>build</c> does.
/// </summary>
internal static class CompileCommand
{
    // mpy-cross reads whole files too; this only keeps a stray huge file from exhausting memory.
    private const long MaxSourceBytes = 64L * 1024 * 1024;

    private static readonly string[] Architectures =
    {
        "x86", "x64", "armv6", "armv6m", "armv7m", "armv7em", "armv7emsp", "armv7emdp", "xtensa", "xtensawin", "rv32imc", "rv64imc", "debug",
    };

    private static readonly Regex XOption = new(@"^(emit=(bytecode|native|viper)|heapsize=\d+w?[kKmM]?)$", RegexOptions.CultureInvariant);

    public static Command Create(CliContext context)
    {
        var inputs = new Argument<string[]>("inputs") { Description = ".py files and folders (every .py inside, at any depth).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("-o") { Description = "With one file: the .mpy to write (default: beside the source). With several inputs or a folder: the folder to write into, mirroring each folder's layout." };
        var sourceName = new Option<string?>("-s") { Description = "The source name stored in the .mpy (one input file only; default: the input path as given)." };
        var optimize = new Option<int>("-O") { Description = "The optimisation level, as mpy-cross -O (0 to 3)." };
        var march = new Option<string?>("-march") { Description = "The native architecture, as mpy-cross -march: code that needs a native emitter goes to mpy-cross; bytecode is the same for all." };
        march.AcceptOnlyFromAmong(Architectures);
        var smallIntBits = new Option<int>("-msmall-int-bits") { Description = "Bits in the target's small int (default 31).", DefaultValueFactory = _ => 31 };
        var extra = new Option<string[]>("-X") { Description = "mpy-cross's -X options: emit=bytecode|native|viper (native and viper compile with mpy-cross), heapsize=N.", AllowMultipleArgumentsPerToken = false };
        var mpyCross = new Option<string?>("--mpy-cross") { Description = "The mpy-cross for native code (default: $MPY_CROSS, else mpy-cross on PATH)." };
        var command = new Command("compile", "Compile .py files (and folders of them) to .mpy bytecode in process, like mpy-cross.")
        {
            inputs, output, sourceName, optimize, march, smallIntBits, extra, mpyCross,
        };
        command.SetAction((result, cancellationToken) => context.GuardAsync(() =>
        {
            var bits = result.GetValue(smallIntBits);
            if (bits < 8 || bits > 63)
            {
                throw new ArgumentException($"-msmall-int-bits must be between 8 and 63, not {bits}.");
            }

            var level = result.GetValue(optimize);
            if (level < 0 || level > 3)
            {
                throw new ArgumentException($"-O must be between 0 and 3, not {level}.");
            }

            var xOptions = result.GetValue(extra) ?? Array.Empty<string>();
            foreach (var x in xOptions.Where(x => !XOption.IsMatch(x)))
            {
                throw new ArgumentException($"-X {x} is not an option mpy-cross knows (emit=bytecode|native|viper, heapsize=N).");
            }

            var settings = new CompileSettings(level, bits, result.GetValue(march), xOptions, result.GetValue(mpyCross));
            return RunAsync(context, result.GetValue(inputs)!, result.GetValue(output), result.GetValue(sourceName), settings, cancellationToken);
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

    private static async Task<int> RunAsync(CliContext context, string[] inputs, string? output, string? sourceName, CompileSettings settings, CancellationToken cancellationToken)
    {
        var single = inputs.Length == 1 && File.Exists(inputs[0]) && !(output != null && Directory.Exists(output));
        if (!single && sourceName != null)
        {
            context.Fail("-s names the source of one file; give it with a single input file.");
            return CliContext.UsageError;
        }

        var errors = new List<string>();
        var jobs = single
            ? new List<CompileJob> { new(inputs[0], sourceName ?? inputs[0], output ?? DefaultOutput(inputs[0])) }
            : PlanJobs(inputs, output, errors);
        var outcomes = new CompileOutcome[jobs.Count];
        var managed = new ManagedMpyCompiler(new MpyCompilerOptions { OptimizationLevel = settings.OptimizationLevel, SmallIntBits = settings.SmallIntBits, Architecture = settings.Architecture });
        ForEach(jobs.Count, cancellationToken, i =>
            outcomes[i] = settings.EmitsNativeCode ? CompileOutcome.NeedsNative(null) : CompileManaged(managed, jobs[i]));

        var native = Enumerable.Range(0, jobs.Count).Where(i => outcomes[i].NativeCode != null || outcomes[i].NeedsMpyCross).ToList();
        if (native.Count > 0)
        {
            await CompileNativeAsync(context, jobs, outcomes, native, settings, cancellationToken).ConfigureAwait(false);
        }

        ForEach(jobs.Count, cancellationToken, i =>
        {
            if (outcomes[i].Mpy is { } mpy)
            {
                try
                {
                    WriteAtomically(jobs[i].Output, mpy, createFolder: !single);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    outcomes[i] = CompileOutcome.Failed($"{jobs[i].Output}: cannot write the .mpy: {e.Message}", null);
                }
            }
        });

        if (single && outcomes[0].MpyCrossText is { } text)
        {
            // Exactly mpy-cross's stderr, so scripts that read it see no difference.
            context.Error.Write(text);
            return CliContext.Failure;
        }

        foreach (var message in errors.Concat(outcomes.Where(o => o.Error != null).Select(o => o.Error!)))
        {
            context.Fail(message);
        }

        return errors.Count > 0 || outcomes.Any(o => o.Error != null) ? CliContext.Failure : CliContext.Success;
    }

    // One file runs on the calling thread: starting pool threads that then spin costs more than the compile itself.
    private static void ForEach(int count, CancellationToken cancellationToken, Action<int> body)
    {
        if (count <= 1)
        {
            for (var i = 0; i < count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                body(i);
            }

            return;
        }

        Parallel.For(0, count, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount }, body);
    }

    private static List<CompileJob> PlanJobs(string[] inputs, string? outputFolder, List<string> errors)
    {
        var jobs = new List<CompileJob>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                var root = input.TrimEnd('/', Path.DirectorySeparatorChar);
                var files = Directory.EnumerateFiles(input, "*.py", SearchOption.AllDirectories)
                    .Where(f => f.EndsWith(".py", StringComparison.Ordinal))
                    .Select(f => Path.GetRelativePath(input, f))
                    .OrderBy(r => r, StringComparer.Ordinal);
                foreach (var relative in files)
                {
                    var slashed = relative.Replace(Path.DirectorySeparatorChar, '/');
                    var path = (root.Length == 0 ? "/" : root + "/") + slashed;
                    var target = outputFolder == null ? DefaultOutput(path) : DefaultOutput(Path.Combine(outputFolder, relative));
                    jobs.Add(new CompileJob(path, path, target));
                }
            }
            else if (File.Exists(input))
            {
                var target = outputFolder == null ? DefaultOutput(input) : DefaultOutput(Path.Combine(outputFolder, Path.GetFileName(input)));
                jobs.Add(new CompileJob(input, input, target));
            }
            else
            {
                errors.Add($"{input}: no such file or folder.");
            }
        }

        // Two sources must never race to the same .mpy (two folders with the same layout under one -o DIR).
        var clashes = jobs.GroupBy(j => Path.GetFullPath(j.Output), StringComparer.Ordinal).Where(g => g.Count() > 1).ToList();
        foreach (var clash in clashes)
        {
            errors.Add($"{clash.Key}: {string.Join(" and ", clash.Select(j => j.Input))} would all be written there; compile them to different folders.");
        }

        var clashing = new HashSet<string>(clashes.Select(g => g.Key), StringComparer.Ordinal);
        return jobs.Where(j => !clashing.Contains(Path.GetFullPath(j.Output))).ToList();
    }

    private static CompileOutcome CompileManaged(ManagedMpyCompiler compiler, CompileJob job)
    {
        byte[] source;
        try
        {
            var info = new FileInfo(job.Input);
            if (info.Length > MaxSourceBytes)
            {
                return CompileOutcome.Failed($"{job.Input}: {info.Length} bytes is more than a MicroPython source can be ({MaxSourceBytes} bytes).", null);
            }

            source = File.ReadAllBytes(job.Input);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return CompileOutcome.Failed($"{job.Input}: cannot read it: {e.Message}", null);
        }

        try
        {
            var mpy = compiler.CompileLikeMpyCross(source, job.Input, job.SourceName, out var errorText);
            if (mpy != null)
            {
                return CompileOutcome.Compiled(mpy);
            }

            return CompileOutcome.Failed(MpyCrossCompiler.ParseError(job.Input, errorText ?? string.Empty, 1).ToString(), errorText);
        }
        catch (MpyNativeCodeException e)
        {
            return CompileOutcome.NeedsNative(e);
        }
    }

    private static async Task CompileNativeAsync(CliContext context, List<CompileJob> jobs, CompileOutcome[] outcomes, List<int> native, CompileSettings settings, CancellationToken cancellationToken)
    {
        var extra = settings.ExtraOptions.SelectMany(x => new[] { "-X", x }).ToList();
        if (settings.SmallIntBits != 31)
        {
            extra.Add("-msmall-int-bits=" + settings.SmallIntBits.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var options = new MpyCrossOptions
        {
            Architecture = settings.Architecture is string arch ? MpyArchitectureNames.Parse(arch) : MpyArchitecture.None,
            OptimizationLevel = settings.OptimizationLevel,
            ExtraArguments = extra,
        };
        var mpyCross = await MpyCrossCompiler.LocateAsync(settings.MpyCrossPath, options, context, cancellationToken).ConfigureAwait(false);
        if (mpyCross == null)
        {
            foreach (var i in native)
            {
                var reason = outcomes[i].NativeCode is { } code ? $"{jobs[i].Input}:{code.Line}: @micropython.{code.Emitter} needs a native code emitter" : $"{jobs[i].Input}: -X emit={settings.Emit} needs a native code emitter";
                outcomes[i] = CompileOutcome.Failed(reason + ", which only mpy-cross has: install it (--mpy-cross PATH, MPY_CROSS or PATH).", null);
            }

            return;
        }

        // One request per file so that one refusal does not hide the other files' results.
        await Task.WhenAll(native.Select(async i =>
        {
            var job = jobs[i];
            try
            {
                var compiled = await mpyCross.CompileAsync(new[] { new MpyCompileRequest(Path.GetFullPath(job.Input), job.SourceName) }, cancellationToken).ConfigureAwait(false);
                outcomes[i] = CompileOutcome.Compiled(compiled[0]!);
            }
            catch (MpyCompilationException e)
            {
                outcomes[i] = CompileOutcome.Failed(string.Join("; ", e.Errors.Select(error => new MpyCompileError(job.Input, error.Line, error.Message).ToString())), null);
            }
        })).ConfigureAwait(false);
    }

    // As mpy-cross: the input's last extension replaced by .mpy, or .mpy added when it has none.
    private static string DefaultOutput(string inputPath)
    {
        var dot = inputPath.LastIndexOf('.');
        var separator = Math.Max(inputPath.LastIndexOf('/'), inputPath.LastIndexOf(Path.DirectorySeparatorChar));
        return (dot > separator + 1 ? inputPath.Substring(0, dot) : inputPath) + ".mpy";
    }

    // Never leave a half-written .mpy: write beside it, then move into place.
    private static void WriteAtomically(string path, byte[] data, bool createFolder)
    {
        var full = Path.GetFullPath(path);
        if (createFolder)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        }

        var temporary = full + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp";
        try
        {
            File.WriteAllBytes(temporary, data);
            File.Move(temporary, full, overwrite: true);
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
