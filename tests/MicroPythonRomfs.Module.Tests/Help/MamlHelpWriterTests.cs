using System.Xml.Linq;
using MicroPythonRomfs.HelpBuilder.Maml;
using MicroPythonRomfs.HelpBuilder.Markdown;

namespace MicroPythonRomfs.Module.Tests.Help;

public sealed class MamlHelpWriterTests
{
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    private static XDocument BuildSample()
    {
        var page = CommandHelpMarkdownReader.Read(SamplePages.NewSampleArchive, "New-SampleArchive.md");
        return XDocument.Parse(MamlHelpWriter.Serialize(MamlHelpWriter.Build([page])));
    }

    [Fact]
    public void Build_WritesTheRootAndNamespacesGetHelpExpects()
    {
        var text = MamlHelpWriter.Serialize(MamlHelpWriter.Build([CommandHelpMarkdownReader.Read(SamplePages.NewSampleArchive, "x.md")]));

        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<helpItems schema=\"maml\" xmlns=\"http://msh\">\n", text, StringComparison.Ordinal);
        Assert.Contains("<command:command xmlns:maml=\"http://schemas.microsoft.com/maml/2004/10\" xmlns:command=\"http://schemas.microsoft.com/maml/dev/command/2004/10\" xmlns:dev=\"http://schemas.microsoft.com/maml/dev/2004/10\" xmlns:MSHelp=\"http://msdn.microsoft.com/mshelp\">", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_WritesDetailsDescriptionAndNotes()
    {
        var command = BuildSample().Root!.Element(Command + "command")!;

        var details = command.Element(Command + "details")!;
        Assert.Equal("New-SampleArchive", details.Element(Command + "name")!.Value);
        Assert.Equal("New", details.Element(Command + "verb")!.Value);
        Assert.Equal("SampleArchive", details.Element(Command + "noun")!.Value);
        Assert.Equal("Packs files into a sample archive.", details.Element(Maml + "description")!.Element(Maml + "para")!.Value);
        Assert.Equal(
            ["The first paragraph spans two lines.", "- one item", "- another item"],
            command.Element(Maml + "description")!.Elements(Maml + "para").Select(p => p.Value));
        Assert.Equal("Nothing is written when -WhatIf is given.", command.Element(Maml + "alertSet")!.Element(Maml + "alert")!.Element(Maml + "para")!.Value);
    }

    [Fact]
    public void Build_WritesOneSyntaxItemPerSet_WithSwitchesTakingNoValue()
    {
        var items = BuildSample().Descendants(Command + "syntaxItem").ToList();

        Assert.Equal(2, items.Count);
        var first = items[0].Elements(Command + "parameter").ToList();
        Assert.Equal(["Path", "Destination", "Alignment", "Force", "WhatIf", "Confirm"], first.Select(p => p.Element(Maml + "name")!.Value));
        var path = first[0];
        Assert.Equal("true", path.Attribute("required")!.Value);
        Assert.Equal("0", path.Attribute("position")!.Value);
        Assert.Equal("true", path.Attribute("globbing")!.Value);
        Assert.Equal("True (ByValue, ByPropertyName)", path.Attribute("pipelineInput")!.Value);
        Assert.Equal("String[]", path.Element(Command + "parameterValue")!.Value);
        Assert.Null(first[3].Element(Command + "parameterValue"));
        Assert.Equal("named", first[3].Attribute("position")!.Value);

        var literal = items[1].Elements(Command + "parameter").First(p => p.Element(Maml + "name")!.Value == "LiteralPath");
        Assert.Equal("PSPath, LP", literal.Attribute("aliases")!.Value);
        Assert.Equal("True (ByPropertyName)", literal.Attribute("pipelineInput")!.Value);
    }

    [Fact]
    public void Build_ListsEveryParameterOnce_WithTypeDefaultAndDescription()
    {
        var parameters = BuildSample().Root!.Element(Command + "command")!.Element(Command + "parameters")!.Elements(Command + "parameter").ToList();

        Assert.Equal(["Path", "LiteralPath", "Destination", "Alignment", "Force", "Confirm", "WhatIf"], parameters.Select(p => p.Element(Maml + "name")!.Value));
        var force = parameters[4];
        Assert.Equal("SwitchParameter", force.Element(Dev + "type")!.Element(Maml + "name")!.Value);
        Assert.Equal("False", force.Element(Dev + "defaultValue")!.Value);
        Assert.Equal("false", force.Element(Command + "parameterValue")!.Attribute("required")!.Value);
        Assert.Equal("Overwrites an existing archive.", force.Element(Maml + "description")!.Element(Maml + "para")!.Value);
        Assert.Equal("none", force.Attribute("aliases")!.Value);
    }

    [Fact]
    public void Build_WritesInputsOutputsExamplesAndLinks()
    {
        var command = BuildSample().Root!.Element(Command + "command")!;

        Assert.Equal("System.String[]", command.Element(Command + "inputTypes")!.Element(Command + "inputType")!.Element(Dev + "type")!.Element(Maml + "name")!.Value);
        Assert.Equal("System.IO.FileInfo", command.Element(Command + "returnValues")!.Element(Command + "returnValue")!.Element(Dev + "type")!.Element(Maml + "name")!.Value);

        var examples = command.Element(Command + "examples")!.Elements(Command + "example").ToList();
        Assert.Equal(2, examples.Count);
        Assert.Equal("-------------------------- Example 1: Pack a folder --------------------------", examples[0].Element(Maml + "title")!.Value);
        Assert.Equal("New-SampleArchive -Path .\\app -Destination app.bin", examples[0].Element(Dev + "code")!.Value);
        Assert.Equal("Packs the folder.", examples[0].Element(Dev + "remarks")!.Element(Maml + "para")!.Value);

        var links = command.Element(Maml + "relatedLinks")!.Elements(Maml + "navigationLink")
            .Select(l => (l.Element(Maml + "linkText")!.Value, l.Element(Maml + "uri")!.Value)).ToList();
        Assert.Equal(
            [("Online Version:", "https://example.org/help/New-SampleArchive"), ("Get-SampleArchive", ""), ("Archive format", "https://example.org/format")],
            links);
    }

    [Fact]
    public void Build_OrdersCommandsByName_SoTheOutputDoesNotDependOnFileOrder()
    {
        var sample = CommandHelpMarkdownReader.Read(SamplePages.NewSampleArchive, "a.md");
        var other = CommandHelpMarkdownReader.Read(SamplePages.NewSampleArchive.Replace("New-SampleArchive", "Get-SampleArchive"), "b.md");

        var forward = MamlHelpWriter.Serialize(MamlHelpWriter.Build([sample, other]));
        var backward = MamlHelpWriter.Serialize(MamlHelpWriter.Build([other, sample]));

        Assert.Equal(forward, backward);
        Assert.Equal(
            ["Get-SampleArchive", "New-SampleArchive"],
            XDocument.Parse(forward).Descendants(Command + "details").Select(d => d.Element(Command + "name")!.Value));
    }
}
