using MicroPythonRomfs.HelpBuilder.Markdown;

namespace MicroPythonRomfs.Module.Tests.Help;

public sealed class CommandHelpMarkdownReaderTests
{
    private static CommandHelpPage Read(string markdown) => CommandHelpMarkdownReader.Read(markdown, "New-SampleArchive.md");

    [Fact]
    public void Read_ParsesEverySectionOfAPlatyPSPage()
    {
        var page = Read(SamplePages.NewSampleArchive);

        Assert.Equal("New-SampleArchive", page.Name);
        Assert.Equal("MicroPythonRomfs.dll-Help.xml", page.ExternalHelpFile);
        Assert.Equal("https://example.org/help/New-SampleArchive", page.OnlineVersion);
        Assert.Equal("Packs files into a sample archive.", page.Synopsis);
        Assert.Equal(["The first paragraph spans two lines.", "- one item", "- another item"], page.Description);

        Assert.Equal(2, page.Syntax.Count);
        Assert.Equal(("Path", true), (page.Syntax[0].SetName, page.Syntax[0].IsDefault));
        Assert.Equal(["Path", "Destination", "Alignment", "Force", "WhatIf", "Confirm"], page.Syntax[0].ParameterNames);
        Assert.Equal(("LiteralPath", false), (page.Syntax[1].SetName, page.Syntax[1].IsDefault));

        Assert.Equal(2, page.Examples.Count);
        Assert.Equal("Example 1: Pack a folder", page.Examples[0].Title);
        Assert.Equal(["New-SampleArchive -Path .\\app -Destination app.bin"], page.Examples[0].Code);
        Assert.Equal(["Packs the folder."], page.Examples[0].Remarks);

        Assert.Equal(["Path", "LiteralPath", "Destination", "Alignment", "Force", "Confirm", "WhatIf"], page.Parameters.Select(p => p.Name));
        Assert.True(page.HasCommonParameters);
        var literal = page.FindParameter("literalpath")!;
        var binding = Assert.Single(literal.Bindings);
        Assert.Equal(["PSPath", "LP"], binding.Aliases);
        Assert.Equal(["LiteralPath"], binding.ParameterSets);
        Assert.True(binding.Required);
        Assert.Equal("Named", binding.Position);
        Assert.Equal("True (ByPropertyName)", binding.PipelineInput);
        Assert.True(page.FindParameter("Force")!.IsSwitch);

        Assert.Equal("System.String[]", Assert.Single(page.Inputs).TypeName);
        Assert.Equal("System.IO.FileInfo", Assert.Single(page.Outputs).TypeName);
        Assert.Equal(["Nothing is written when -WhatIf is given."], page.Notes);
        Assert.Equal([new RelatedLinkHelp("Get-SampleArchive", ""), new RelatedLinkHelp("Archive format", "https://example.org/format")], page.RelatedLinks);
    }

    [Fact]
    public void Read_RejectsAParameterWithoutMetadata_NamingTheFileAndLine()
    {
        var markdown = SamplePages.NewSampleArchive.Replace("""
            The archive to write.

            ```yaml
            Type: String
            """, """
            The archive to write.

            ```text
            Type: String
            """);

        var error = Assert.Throws<HelpMarkdownException>(() => Read(markdown));

        Assert.Contains("New-SampleArchive.md:", error.Message);
        Assert.Contains("-Destination has no ```yaml metadata block", error.Message);
        Assert.Equal(LineOf(markdown, "### -Destination"), error.Line);
    }

    [Fact]
    public void Read_RejectsAParameterWithoutDescription()
    {
        var markdown = SamplePages.NewSampleArchive.Replace("Overwrites an existing archive.\n", string.Empty);

        var error = Assert.Throws<HelpMarkdownException>(() => Read(markdown));

        Assert.Contains("-Force has no description", error.Message);
    }

    [Fact]
    public void Read_RejectsASyntaxLineThatNamesAnUndocumentedParameter()
    {
        var markdown = SamplePages.NewSampleArchive.Replace("[-Force] [-WhatIf] [-Confirm] [<CommonParameters>]\n```\n\n### LiteralPath", "[-Force] [-Verify] [-WhatIf] [-Confirm] [<CommonParameters>]\n```\n\n### LiteralPath");

        var error = Assert.Throws<HelpMarkdownException>(() => Read(markdown));

        Assert.Contains("set 'Path' lists -Verify", error.Message);
    }

    [Theory]
    [InlineData("## PARAMETERS", "## ARGUMENTS", "'## ARGUMENTS' is not a PlatyPS section")]
    [InlineData("Accept wildcard characters: True", "Accepts wildcards: True", "'Accepts wildcards' is not a PlatyPS parameter metadata key")]
    [InlineData("Position: 1", "Position: first", "'Position: first' must be a number or Named")]
    [InlineData("Accept pipeline input: False\nAccept wildcard characters: False\n```\n\n### -Alignment", "Accept pipeline input: Maybe\nAccept wildcard characters: False\n```\n\n### -Alignment", "must be False or True")]
    [InlineData("# New-SampleArchive\n", "", "Content was found before the '# Cmdlet-Name' heading")]
    [InlineData("```powershell\nGet-ChildItem .\\app | New-SampleArchive -Destination app.bin\n```", "Get-ChildItem runs here.", "Example 2: Pack from the pipeline' has no code block")]
    public void Read_RejectsPagesThatBreakTheSchema(string original, string replacement, string expectedMessage)
    {
        var markdown = SamplePages.NewSampleArchive.Replace(original, replacement);
        Assert.NotEqual(SamplePages.NewSampleArchive, markdown);

        var error = Assert.Throws<HelpMarkdownException>(() => Read(markdown));

        Assert.Contains(expectedMessage, error.Message);
    }

    [Fact]
    public void Read_AcceptsWindowsLineEndings()
    {
        var page = Read(SamplePages.NewSampleArchive.Replace("\n", "\r\n"));

        Assert.Equal(7, page.Parameters.Count);
        Assert.Equal(["New-SampleArchive -Path .\\app -Destination app.bin"], page.Examples[0].Code);
    }

    private static int LineOf(string text, string line) =>
        text.Split('\n').Select((l, i) => (l, i)).First(x => x.l == line).i + 1;
}
