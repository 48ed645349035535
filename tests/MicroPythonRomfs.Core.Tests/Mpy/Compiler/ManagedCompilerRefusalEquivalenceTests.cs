using System.Text;
using System.Text.RegularExpressions;
using FsCheck.Fluent;
using MicroPythonRomfs.Mpy;
using MicroPythonRomfs.Mpy.Compiler;

namespace MicroPythonRomfs.Tests.Mpy.Compiler;

public class ManagedCompilerRefusalEquivalenceTests
{
    private static readonly string[] Sources = CompilerCorpus.Programs()
        .Select(p => File.ReadAllText(CompilerCorpus.PathOf(p, ".py")))
        .ToArray();

    private static readonly string[] Fragments =
    {
        "(", ")", "[", "]", "{", "}", ":", ",", "=", "*", "**", "lambda", "yield", "return", "break", "continue", "\n",
        "\n    ", "\n  ", "'", "\"", "\\", ".", "@", ":=", "not", "in", "if", "else", "for", "def", "class", "try:", "global x",
        "nonlocal y", "del", "import", "*a", ";", "x", "0", "-", "f(a=1, 2)", "f(**k, *a)", "a, *b, *c = d",
    };

    [Fact]
    public void MutatedPrograms_AreRefusedWithTheSameMessageAndLine_AsMicroPythonsOwnCompiler()
    {
        // MPROMFS_MUTATED_PROGRAMS raises the count for a longer soak run.
        var count = int.TryParse(Environment.GetEnvironmentVariable("MPROMFS_MUTATED_PROGRAMS"), out var n) && n > 0 ? n : 120;
        var programs = (
            from source in Gen.Elements(Sources)
            from kind in Gen.Choose(0, 3)
            from at in Gen.Choose(0, 4000)
            from length in Gen.Choose(0, 30)
            from fragment in Gen.Elements(Fragments)
            select Mutate(source, kind, at % (source.Length + 1), length, fragment)).Sample(count, 1);
        var jobs = programs.Select((p, i) => new MicroPythonRunner.Job($"p{i}.py", null, p, CompileOnly: true)).ToList();

        var results = MicroPythonRunner.Run(jobs);

        var compiler = new ManagedMpyCompiler();
        var refused = 0;
        for (var i = 0; i < programs.Length; i++)
        {
            var upstream = Describe(results[i].Error);
            string ours;
            try
            {
                compiler.Compile(Encoding.UTF8.GetBytes(programs[i]), $"p{i}.py");
                ours = "compiled";
            }
            catch (MpyCompilationException e)
            {
                ours = $"line {e.Errors[0].Line}: {e.Errors[0].Message}";
            }
            catch (MpyNativeCodeException e)
            {
                ours = $"line {e.Line}: SyntaxError: invalid arch";
            }

            if (upstream != "compiled")
            {
                refused++;
            }

            Assert.True(upstream == ours, $"MicroPython: {upstream}; ours: {ours}; program:\n{programs[i]}");
        }

        Assert.True(refused >= count / 10, $"only {refused} of {count} mutated programs were refused; the mutations prove little");
    }

    private static string Mutate(string source, int kind, int at, int length, string fragment)
    {
        var take = Math.Min(length, source.Length - at);
        return kind switch
        {
            0 => source.Substring(0, at),
            1 => source.Remove(at, take),
            2 => source.Insert(at, fragment),
            _ => source.Remove(at, take).Insert(at, fragment),
        };
    }

    // "compiled", or "line N: Type: message" from the interpreter's traceback.
    private static string Describe(string? error)
    {
        if (error == null)
        {
            return "compiled";
        }

        var lines = error.Trim().Split('\n');
        var line = Regex.Matches(error, @"line (\d+)").Cast<Match>().LastOrDefault()?.Groups[1].Value;
        return $"line {line}: {lines[lines.Length - 1].Trim()}";
    }
}
