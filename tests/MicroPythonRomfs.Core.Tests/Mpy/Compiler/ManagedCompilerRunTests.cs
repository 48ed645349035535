using System.Text;
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
}
