using System.Text;

namespace MicroPythonRomfs.MpyCrossStandIn;

/// <summary>
/// Behaves like the upstream mpy-cross that made the golden vectors, for the vector sources only: the output for a
/// source is the vector .mpy that embeds the requested source name (-s) and architecture (-march), and a vector
/// error source fails with the vector's stderr text, exit status 1 and no output file. Anything else is a test
/// set-up mistake and exits with status 2 and a message saying so.
/// </summary>
internal static class Program
{
    private static readonly string[] Architectures =
    {
        "none", "x86", "x64", "armv6", "armv6m", "armv7m", "armv7em", "armv7emsp", "armv7emdp",
        "xtensa", "xtensawin", "rv32imc", "rv64imc", "debug",
    };

    private static int Main(string[] args)
    {
        try
        {
            return Run(args);
        }
        catch (StandInException error)
        {
            Console.Error.WriteLine("mpy-cross stand-in: " + error.Message);
            return 2;
        }
    }

    private static int Run(string[] args)
    {
        var vectors = FindVectors();
        if (args.Length == 1 && args[0] == "--version")
        {
            Console.Out.Write(File.ReadAllText(Path.Combine(vectors, "mpy", "mpy-cross-version.txt")));
            return 0;
        }

        string? output = null;
        string? sourceName = null;
        string? input = null;
        var architecture = 0;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg == "-o" || arg == "-s" || arg == "-X")
            {
                if (i + 1 >= args.Length)
                {
                    return Usage($"option {arg} needs a value");
                }

                var value = args[++i];
                if (arg == "-o")
                {
                    output = value;
                }
                else if (arg == "-s")
                {
                    sourceName = value;
                }
            }
            else if (arg.StartsWith("-march=", StringComparison.Ordinal))
            {
                architecture = Array.IndexOf(Architectures, arg.Substring(7));
                if (architecture <= 0)
                {
                    Console.Error.WriteLine("mpy-cross: unknown architecture");
                    return 1;
                }
            }
            else if (arg.StartsWith("-", StringComparison.Ordinal) && arg.Length > 1)
            {
                // -O2, -msmall-int-bits=..., -v: accepted and, for the vector sources, without effect on the output.
            }
            else if (input == null)
            {
                input = arg;
            }
            else
            {
                return Usage("more than one input file");
            }
        }

        if (input == null)
        {
            return Usage("no input file");
        }

        // Upstream defaults: the source name is the input path as given, the output sits beside the input.
        sourceName ??= input;
        output ??= Path.ChangeExtension(input, ".mpy");
        if (!File.Exists(input))
        {
            Console.Error.WriteLine("Traceback (most recent call last):");
            Console.Error.WriteLine("OSError: [Errno 2] ENOENT");
            return 1;
        }

        var source = File.ReadAllBytes(input);
        var directive = Directive(source);
        if (directive != null)
        {
            return RunDirective(directive, input, sourceName, output);
        }

        // Upstream writes feature byte 0 and the same bytecode when a file has no native code, whatever -march says,
        // so a bytecode vector answers for any -march once no native vector of that source exists.
        var wanted = architecture == 0 ? new[] { 0 } : new[] { architecture, 0 };
        foreach (var arch in wanted)
        {
            foreach (var candidate in CompiledVectors(vectors))
            {
                if (candidate.SourceName == sourceName && candidate.Architecture == arch && source.AsSpan().SequenceEqual(File.ReadAllBytes(candidate.SourcePath)))
                {
                    File.WriteAllBytes(output, File.ReadAllBytes(candidate.MpyPath));
                    return 0;
                }
            }
        }

        foreach (var (sourcePath, errorPath) in RefusedVectors(vectors, architecture))
        {
            if (source.AsSpan().SequenceEqual(File.ReadAllBytes(sourcePath)))
            {
                Console.Error.Write(Retarget(File.ReadAllText(errorPath), Path.GetFileName(sourcePath), input, VectorSourceName(vectors, sourcePath), sourceName));
                return 1;
            }
        }

        var sameSource = CompiledVectors(vectors).Where(c => source.AsSpan().SequenceEqual(File.ReadAllBytes(c.SourcePath))).ToList();
        if (sameSource.Count > 0)
        {
            throw new StandInException(
                $"'{input}' is a vector source, but no vector .mpy for {Architectures[architecture]} embeds the source name '{sourceName}' " +
                $"(vector .mpy files of this source embed: {string.Join(", ", sameSource.Select(c => $"'{c.SourceName}' ({Architectures[c.Architecture]})"))}).");
        }

        throw new StandInException($"'{input}' is not one of the vector sources, so there is no upstream output to give for it.");
    }

    private static int Usage(string problem)
    {
        Console.Error.WriteLine("usage: mpy-cross [<opts>] [-X <implopt>] [--] <input filename>");
        Console.Error.WriteLine("mpy-cross stand-in: " + problem);
        return 1;
    }

    /// <summary>Every .mpy upstream made, with the source it was made from, the name it embeds and its architecture.</summary>
    private static IEnumerable<CompiledVector> CompiledVectors(string vectors)
    {
        foreach (var mpy in Directory.EnumerateFiles(Path.Combine(vectors, "mpy"), "*.mpy", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Path.Combine(vectors, "mpy"), mpy);
            yield return Describe(mpy, Path.Combine(vectors, "trees", Path.ChangeExtension(relative, ".py")));
        }

        foreach (var mpy in Directory.EnumerateFiles(Path.Combine(vectors, "trees"), "*.mpy", SearchOption.AllDirectories))
        {
            yield return Describe(mpy, Path.ChangeExtension(mpy, ".py"));
        }

        foreach (var mpy in Directory.EnumerateFiles(Path.Combine(vectors, "compiler"), "*.mpy", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(mpy);
            var stem = name.EndsWith(".x64.mpy", StringComparison.Ordinal) ? name.Substring(0, name.Length - 8) : name.Substring(0, name.Length - 4);
            yield return Describe(mpy, Path.Combine(Path.GetDirectoryName(mpy)!, stem + ".py"));
        }
    }

    /// <summary>Every source upstream refused, with its recorded stderr: the error group always, the native group without -march.</summary>
    private static IEnumerable<(string Source, string Error)> RefusedVectors(string vectors, int architecture)
    {
        var groups = architecture == 0 ? new[] { "errors", "native" } : new[] { "errors" };
        foreach (var group in groups)
        {
            foreach (var error in Directory.EnumerateFiles(Path.Combine(vectors, "compiler", group), "*.err"))
            {
                yield return (Path.ChangeExtension(error, ".py"), error);
            }
        }
    }

    private static string VectorSourceName(string vectors, string sourcePath)
        => Path.GetRelativePath(vectors, sourcePath).Replace(Path.DirectorySeparatorChar, '/');

    /// <summary>
    /// The recorded stderr names the input as given upstream (the bare file name, for errors found while parsing) or the
    /// -s name (for errors found while compiling); this run's input path and -s name take their places.
    /// </summary>
    private static string Retarget(string recorded, string recordedInput, string input, string recordedSourceName, string sourceName)
        => recorded
            .Replace($"File \"{recordedSourceName}\"", $"File \"{sourceName}\"", StringComparison.Ordinal)
            .Replace($"File \"{recordedInput}\"", $"File \"{input}\"", StringComparison.Ordinal);

    private static CompiledVector Describe(string mpyPath, string sourcePath)
    {
        var bytes = File.ReadAllBytes(mpyPath);
        if (bytes.Length < 4 || bytes[0] != (byte)'M')
        {
            throw new StandInException($"'{mpyPath}' is not a .mpy file.");
        }

        var architecture = (bytes[2] >> 2) & 0x2F;
        var position = 4;
        ReadUint(bytes, ref position);
        ReadUint(bytes, ref position);
        var length = (int)(ReadUint(bytes, ref position) >> 1);
        var name = Encoding.UTF8.GetString(bytes, position, length);
        return new CompiledVector(mpyPath, sourcePath, name, architecture);
    }

    private static ulong ReadUint(byte[] bytes, ref int position)
    {
        ulong value = 0;
        byte b;
        do
        {
            b = bytes[position++];
            value = (value << 7) | (uint)(b & 0x7F);
        }
        while ((b & 0x80) != 0);
        return value;
    }

    // Test-only behaviours for sources that are not vectors, chosen by a first line "# mpy-cross-stand-in: <verb> <arg>".
    private static string? Directive(byte[] source)
    {
        const string prefix = "# mpy-cross-stand-in: ";
        var text = Encoding.UTF8.GetString(source);
        return text.StartsWith(prefix, StringComparison.Ordinal) ? text.Substring(prefix.Length).Split('\n')[0].Trim() : null;
    }

    private static int RunDirective(string directive, string input, string sourceName, string output)
    {
        var parts = directive.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        switch (parts[0])
        {
            case "hang":
                // Stands for a compiler that never finishes; the caller's time limit or cancellation must stop it.
                Thread.Sleep(TimeSpan.FromMinutes(5));
                return 3;

            case "rendezvous":
                // Succeeds only when N compilations of rendezvous sources in the same folder are running at once.
                var expected = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
                var folder = Path.GetDirectoryName(Path.GetFullPath(input))!;
                File.WriteAllText(Path.GetFullPath(input) + ".arrived", string.Empty);
                for (var attempt = 0; attempt < 600; attempt++)
                {
                    if (Directory.GetFiles(folder, "*.arrived").Length >= expected)
                    {
                        File.WriteAllBytes(output, MinimalMpy(sourceName));
                        return 0;
                    }

                    Thread.Sleep(50);
                }

                Console.Error.WriteLine($"RuntimeError: only {Directory.GetFiles(folder, "*.arrived").Length} of {expected} compilations ran at once");
                return 1;

            case "echo-arguments":
                // Writes a .mpy whose source name is this run's command line, so a test can see what arrived.
                File.WriteAllBytes(output, MinimalMpy(string.Join("\u0001", Environment.GetCommandLineArgs().Skip(1))));
                return 0;

            case "echo-directory":
                // Writes a .mpy whose source name is the folder the compiler was started in.
                File.WriteAllBytes(output, MinimalMpy(Environment.CurrentDirectory));
                return 0;

            default:
                throw new StandInException($"unknown directive '{directive}' in '{input}'.");
        }
    }

    private static byte[] MinimalMpy(string sourceName)
    {
        var name = Encoding.UTF8.GetBytes(sourceName);
        var bytes = new List<byte> { (byte)'M', 6, 0, 31 };
        WriteUint(bytes, 1);
        WriteUint(bytes, 0);
        WriteUint(bytes, (ulong)name.Length << 1);
        bytes.AddRange(name);
        bytes.Add(0);
        return bytes.ToArray();
    }

    private static void WriteUint(List<byte> bytes, ulong value)
    {
        var groups = new Stack<byte>();
        groups.Push((byte)(value & 0x7F));
        while ((value >>= 7) != 0)
        {
            groups.Push((byte)(0x80 | (value & 0x7F)));
        }

        bytes.AddRange(groups);
    }

    private static string FindVectors()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("MPROMFS_VECTORS");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MicroPythonRomfs.sln")))
            {
                var vectors = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "vectors"));
                if (Directory.Exists(vectors))
                {
                    return vectors;
                }

                break;
            }
        }

        throw new StandInException("the golden vectors were not found; set MPROMFS_VECTORS or place shared/vectors beside the repository.");
    }

    private sealed record CompiledVector(string MpyPath, string SourcePath, string SourceName, int Architecture);

    private sealed class StandInException(string message) : Exception(message);
}
