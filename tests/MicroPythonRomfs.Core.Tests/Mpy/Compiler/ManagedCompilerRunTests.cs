using System.Text;
using FsCheck.Fluent;
using MicroPythonRomfs.Mpy.Compiler;

namespace MicroPythonRomfs.Tests.Mpy.Compiler;

public class ManagedCompilerRunTests
{
    [Fact]
    public void CompiledCorpus_PrintsExactlyItsExpectedOutput_OnMicroPython127()
    {
        var compiler = new ManagedMpyCompiler();
        var programs = CompilerCorpus.Programs().ToList();
        var jobs = programs
            .Select(p => new MicroPythonRunner.Job(p, compiler.Compile(File.ReadAllBytes(CompilerCorpus.PathOf(p, ".py")), CompilerCorpus.SourceName(p)), null))
            .ToList();

        var results = MicroPythonRunner.Run(jobs);

        Assert.Equal(programs.Count, results.Count);
        var failures = new List<string>();
        foreach (var result in results)
        {
            var expected = File.ReadAllBytes(CompilerCorpus.PathOf(result.Name, ".out"));
            if (result.Error != null || !expected.AsSpan().SequenceEqual(result.Stdout))
            {
                failures.Add($"{result.Name}: {result.Error ?? "printed something else"}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void GeneratedPrograms_PrintTheSame_CompiledByUsAsRunFromSource()
    {
        // MPROMFS_GENERATED_PROGRAMS raises the count for a longer soak run.
        var count = int.TryParse(Environment.GetEnvironmentVariable("MPROMFS_GENERATED_PROGRAMS"), out var n) && n > 0 ? n : 60;
        // FsCheck's Sample takes the number of samples, then the size.
        var programs = PythonProgramGenerator.Program().Sample(count, 3);
        Assert.Equal(count, programs.Length);
        var compiler = new ManagedMpyCompiler();
        var jobs = new List<MicroPythonRunner.Job>();
        for (var i = 0; i < programs.Length; i++)
        {
            jobs.Add(new MicroPythonRunner.Job($"source{i}", null, programs[i]));
            jobs.Add(new MicroPythonRunner.Job($"mpy{i}", compiler.Compile(Encoding.UTF8.GetBytes(programs[i]), "gen.py"), null));
        }

        var results = MicroPythonRunner.Run(jobs);

        Assert.Equal(jobs.Count, results.Count);

        // Programs that stop at their first error prove little; most must run to the end.
        var completed = Enumerable.Range(0, programs.Length).Count(i => results[2 * i].Error == null);
        Assert.True(completed >= count / 4, $"only {completed} of {count} generated programs ran to the end: " + string.Join("; ", Enumerable.Range(0, programs.Length).Select(i => LastLine(results[2 * i].Error)).GroupBy(x => x).Select(g => $"{g.Count()} x {g.Key}")));
        for (var i = 0; i < programs.Length; i++)
        {
            var fromSource = results[2 * i];
            var fromMpy = results[(2 * i) + 1];
            var context = "program:\n" + programs[i];
            Assert.True(fromSource.Stdout.AsSpan().SequenceEqual(fromMpy.Stdout), $"printed differently; {context}\nsource: {Encoding.UTF8.GetString(fromSource.Stdout)} ({fromSource.Error})\nmpy: {Encoding.UTF8.GetString(fromMpy.Stdout)} ({fromMpy.Error})");
            Assert.True(LastLine(fromSource.Error) == LastLine(fromMpy.Error), $"raised differently: {fromSource.Error} / {fromMpy.Error}; {context}");
        }
    }

    // The exception line, without the traceback whose file name differs between the two runs.
    private static string? LastLine(string? error) =>
        error?.Trim().Split('\n').Last().Trim();
}
