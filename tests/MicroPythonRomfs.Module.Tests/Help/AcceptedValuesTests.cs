using System.Xml.Linq;
using MicroPythonRomfs.HelpBuilder.Maml;
using MicroPythonRomfs.HelpBuilder.Markdown;
using MicroPythonRomfs.HelpBuilder.Reflection;

namespace MicroPythonRomfs.Module.Tests.Help;

public sealed class AcceptedValuesTests
{
    private static readonly CmdletDefinition Sample = CmdletAssemblyReader.Read(typeof(GetSampleSettingCommand))!;

    [Fact]
    public void Reader_TakesEnumNamesAndValidateSetValues()
    {
        Assert.Equal(["Read", "Write", "ReadWrite"], Sample.Parameters[0].AcceptedValues);
        Assert.Equal(["Low", "High"], Sample.Parameters[1].AcceptedValues);
        Assert.Equal(["System.String"], Sample.OutputTypes);
    }

    [Fact]
    public void ScaffoldedPage_CarriesAcceptedValues_IntoTheYamlAndTheMamlSyntax()
    {
        var markdown = CommandHelpMarkdownWriter.Write(Sample, ModuleFiles.ModuleName, ModuleFiles.HelpFileName);
        var page = CommandHelpMarkdownReader.Read(markdown, "Get-SampleSetting.md");

        Assert.Contains("Accepted values: Read, Write, ReadWrite\n", markdown, StringComparison.Ordinal);
        Assert.Equal(["Low", "High"], page.FindParameter("Level")!.Bindings[0].AcceptedValues);
        XNamespace command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        var maml = XDocument.Parse(MamlHelpWriter.Serialize(MamlHelpWriter.Build([page])));
        var group = maml.Descendants(command + "syntaxItem").Single().Elements(command + "parameter").First().Element(command + "parameterValueGroup")!;
        Assert.Equal(["Read", "Write", "ReadWrite"], group.Elements(command + "parameterValue").Select(v => v.Value));
    }

    [Fact]
    public void Check_ReportsAcceptedValuesThatDifferFromTheDeclaration()
    {
        var markdown = CommandHelpMarkdownWriter.Write(Sample, ModuleFiles.ModuleName, ModuleFiles.HelpFileName)
            .Replace("Accepted values: Low, High", "Accepted values: Low, Medium, High", StringComparison.Ordinal);

        var problems = DocumentationConformance.Check(Sample, CommandHelpMarkdownReader.Read(markdown, "Get-SampleSetting.md"), markdown);

        Assert.Contains("Get-SampleSetting.md: -Level has 'Accepted values: Low, Medium, High' but accepts Low, High.", problems);
    }
}
