using MicroPythonRomfs.HelpBuilder.Markdown;
using MicroPythonRomfs.HelpBuilder.Reflection;

namespace MicroPythonRomfs.Module.Tests.Help;

public sealed class DocumentationConformanceTests
{
    private static readonly CmdletDefinition Sample = CmdletAssemblyReader.Read(typeof(NewSampleArchiveCommand))!;

    private static IReadOnlyList<string> Check(string markdown) =>
        DocumentationConformance.Check(Sample, CommandHelpMarkdownReader.Read(markdown, "New-SampleArchive.md"), markdown);

    [Fact]
    public void Check_FindsNothing_WhenThePageMatchesTheDeclaration()
    {
        Assert.Empty(Check(SamplePages.NewSampleArchive));
    }

    [Theory]
    [InlineData("Type: String\n", "Type: Int32\n", "-Destination has Type 'Int32' but is declared as String")]
    [InlineData("Aliases: PSPath, LP", "Aliases: PSPath", "-LiteralPath has Aliases 'PSPath' but declares [Alias(PSPath, LP)]")]
    [InlineData("Position: 1", "Position: 2", "-Destination in all sets says 'Position: 2' but the declaration gives 1")]
    [InlineData("Accept pipeline input: True (ByValue, ByPropertyName)", "Accept pipeline input: True (ByValue)", "-Path in set 'Path' says 'Accept pipeline input: True (ByValue)' but the declaration gives True (ByValue, ByPropertyName)")]
    [InlineData("Accept wildcard characters: True", "Accept wildcard characters: False", "-Path says 'Accept wildcard characters: False' but [SupportsWildcards] is present")]
    [InlineData("Parameter Sets: LiteralPath", "Parameter Sets: (All)", "-LiteralPath has no yaml block for set 'LiteralPath'")]
    [InlineData("### Path (Default)", "### Path", "SYNTAX marks 'no set' as (Default) but DefaultParameterSetName is 'Path'")]
    [InlineData("# New-SampleArchive", "# New-SampleArchives", "the title is 'New-SampleArchives' but the cmdlet is 'New-SampleArchive'")]
    [InlineData("### System.IO.FileInfo", "### System.IO.DirectoryInfo", "OUTPUTS does not list System.IO.FileInfo")]
    [InlineData("Module Name: MicroPythonRomfs", "Module Name: Other", "'Module Name' is not 'MicroPythonRomfs'")]
    [InlineData("Packs the folder.", "{{ Fill in Example Remarks }}", "still contains '{{ Fill in ... }}' placeholders")]
    [InlineData("### CommonParameters\nThis cmdlet supports the common parameters.\n", "", "has no '### CommonParameters' section")]
    public void Check_ReportsAMismatch_NamingThePageAndParameter(string original, string replacement, string expected)
    {
        var markdown = SamplePages.NewSampleArchive.Replace(original, replacement);
        Assert.NotEqual(SamplePages.NewSampleArchive, markdown);

        var problems = Check(markdown);

        Assert.Contains(problems, p => p.StartsWith("New-SampleArchive.md: ", StringComparison.Ordinal) && p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Check_ReportsAnUndocumentedParameter_AndADocumentedOneTheCmdletLacks()
    {
        var markdown = SamplePages.NewSampleArchive
            .Replace("### -Alignment", "### -Padding")
            .Replace("[-Alignment <Nullable`1[Int32]>]", "[-Padding <Nullable`1[Int32]>]");

        var problems = Check(markdown);

        Assert.Contains("New-SampleArchive.md: -Alignment is not documented.", problems);
        Assert.Contains("New-SampleArchive.md: -Padding is documented but the cmdlet has no such parameter.", problems);
    }

    [Fact]
    public void Check_ReportsASyntaxLineThatMissesAParameterOfItsSet()
    {
        var markdown = SamplePages.NewSampleArchive.Replace("New-SampleArchive -LiteralPath <String[]> [-Destination] <String> [-Alignment <Nullable`1[Int32]>]", "New-SampleArchive -LiteralPath <String[]> [-Destination] <String>");

        var problems = Check(markdown);

        Assert.Contains(problems, p => p.Contains("the syntax of set 'LiteralPath' lists", StringComparison.Ordinal) && p.Contains("-Alignment <Nullable`1[Int32]>", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_RequiresTwoExamples()
    {
        var cut = SamplePages.NewSampleArchive.IndexOf("### Example 2", StringComparison.Ordinal);
        var end = SamplePages.NewSampleArchive.IndexOf("## PARAMETERS", StringComparison.Ordinal);
        var markdown = SamplePages.NewSampleArchive.Remove(cut, end - cut);

        Assert.Contains("New-SampleArchive.md: has 1 example(s); every cmdlet needs at least two.", Check(markdown));
    }

    [Fact]
    public void ScaffoldedPage_ReadsBackWithMetadataMatchingTheDeclaration_AndOnlyPlaceholdersToFill()
    {
        var markdown = CommandHelpMarkdownWriter.Write(Sample, ModuleFiles.ModuleName, ModuleFiles.HelpFileName);

        var problems = Check(markdown);

        Assert.Equal(
            [
                "New-SampleArchive.md: still contains '{{ Fill in ... }}' placeholders.",
                "New-SampleArchive.md: has 1 example(s); every cmdlet needs at least two.",
            ],
            problems);
    }
}
