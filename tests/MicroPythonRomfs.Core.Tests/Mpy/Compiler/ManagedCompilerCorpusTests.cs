using MicroPythonRomfs.Mpy.Compiler;

namespace MicroPythonRomfs.Tests.Mpy.Compiler;

public class ManagedCompilerCorpusTests
{
    public static TheoryData<string> Programs() => new(CompilerCorpus.Programs());

    [Theory]
    [MemberData(nameof(Programs))]
    public void Compile_MatchesUpstreamBytes_ExactlyForTheListedPrograms(string program)
    {
        var expected = File.ReadAllBytes(CompilerCorpus.PathOf(program, ".mpy"));
        var actual = new ManagedMpyCompiler().Compile(File.ReadAllBytes(CompilerCorpus.PathOf(program, ".py")), CompilerCorpus.SourceName(program));
        var difference = MpyFileReader.DescribeFirstDifference(actual, expected);
        if (CompilerCorpus.MatchingList().Contains(program))
        {
            Assert.True(difference == null, $"{program} no longer matches upstream: {difference}");
        }
        else
        {
            Assert.False(difference == null, $"{program} now matches upstream byte for byte: add it to Mpy/Compiler/MatchingPrograms.txt");
        }
    }

    [Fact]
    public void MatchingList_NamesOnlyCorpusPrograms()
    {
        var programs = new HashSet<string>(CompilerCorpus.Programs(), StringComparer.Ordinal);
        var unknown = CompilerCorpus.MatchingList().Where(p => !programs.Contains(p)).ToList();
        Assert.True(unknown.Count == 0, "Not corpus programs: " + string.Join(", ", unknown));
    }

    [Fact]
    public void Corpus_HasEveryBytecodeProgramTheReadmeCounts()
    {
        // 137 valid programs, of which the 4 native ones have no bytecode .mpy.
        Assert.Equal(133, CompilerCorpus.Programs().Count());
    }

    [Fact]
    public void Compile_GivesTheSameBytes_WhenRunTwice()
    {
        var source = File.ReadAllBytes(CompilerCorpus.PathOf("classes/inheritance", ".py"));
        var compiler = new ManagedMpyCompiler();
        Assert.Equal(compiler.Compile(source, "a.py"), compiler.Compile(source, "a.py"));
    }
}
