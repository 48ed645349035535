using System.Xml.Linq;
using MicroPythonRomfs.HelpBuilder;
using MicroPythonRomfs.HelpBuilder.Markdown;

namespace MicroPythonRomfs.Module.Tests.Help;

/// <summary>The module's own docs/ and en-US/ against the cmdlet assembly as built.</summary>
public sealed class ModuleHelpTests
{
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";

    [Fact]
    public void EveryCmdlet_HasADocsPage_ThatMatchesItsDeclaration()
    {
        var pages = HelpFileSet.ReadCommandPages(ModuleFiles.Docs);
        var problems = new List<string>();
        foreach (var cmdlet in ModuleFiles.Cmdlets)
        {
            var page = pages.FirstOrDefault(p => string.Equals(p.Name, cmdlet.Name, StringComparison.OrdinalIgnoreCase));
            if (page is null)
            {
                problems.Add($"{cmdlet.Name} ({cmdlet.TypeName}) has no page docs/{cmdlet.Name}.md; scaffold one with: dotnet run --project tools/MicroPythonRomfs.HelpBuilder -- --docs docs --new-pages <path to MicroPythonRomfs.dll>");
                continue;
            }

            if (Path.GetFileName(page.File) != cmdlet.Name + ".md")
            {
                problems.Add($"{cmdlet.Name} is documented in {Path.GetFileName(page.File)}; name the page {cmdlet.Name}.md.");
            }

            problems.AddRange(DocumentationConformance.Check(cmdlet, page, File.ReadAllText(page.File)));
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void EveryDocsPage_DocumentsACmdletOfTheAssembly()
    {
        var names = ModuleFiles.Cmdlets.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);

        var orphans = HelpFileSet.ReadCommandPages(ModuleFiles.Docs).Where(p => !names.Contains(p.Name)).Select(p => Path.GetFileName(p.File)).ToList();

        Assert.True(orphans.Count == 0, $"These pages document no cmdlet of {ModuleFiles.ModuleName}.dll: {string.Join(", ", orphans)}");
    }

    [Fact]
    public void EnUs_IsWhatTheBuilderProducesFromDocs()
    {
        var expected = HelpFileSet.Build(ModuleFiles.Docs);
        var actual = Directory.Exists(ModuleFiles.EnUs)
            ? Directory.GetFiles(ModuleFiles.EnUs).Where(f => HelpFileSet.IsGeneratedFileName(Path.GetFileName(f)))
                .ToDictionary(f => Path.GetFileName(f), f => File.ReadAllText(f).Replace("\r\n", "\n"))
            : [];

        const string Fix = "run: dotnet run --project tools/MicroPythonRomfs.HelpBuilder -- --docs docs --out en-US";
        Assert.True(expected.Keys.Order().SequenceEqual(actual.Keys.Order()), $"en-US holds [{string.Join(", ", actual.Keys.Order())}] but docs produce [{string.Join(", ", expected.Keys)}]; {Fix}");
        foreach (var (name, content) in expected)
        {
            Assert.True(content == actual[name], $"en-US/{name} is out of date with docs/; {Fix}");
        }
    }

    [Fact]
    public void HelpFile_HasOneCommandPerCmdlet_WithEveryParameter()
    {
        var helpFile = Path.Combine(ModuleFiles.EnUs, ModuleFiles.HelpFileName);
        if (ModuleFiles.Cmdlets.Count == 0)
        {
            Assert.False(File.Exists(helpFile), "en-US holds a help file although the assembly declares no cmdlets.");
            return;
        }

        var document = XDocument.Load(helpFile);
        Assert.Equal("helpItems", document.Root!.Name.LocalName);
        Assert.Equal("http://msh", document.Root.Name.NamespaceName);
        Assert.Equal("maml", document.Root.Attribute("schema")?.Value);

        var commands = document.Root.Elements(Command + "command").ToList();
        Assert.Equal(ModuleFiles.Cmdlets.Select(c => c.Name), commands.Select(c => c.Element(Command + "details")!.Element(Command + "name")!.Value));
        foreach (var (cmdlet, command) in ModuleFiles.Cmdlets.Zip(commands))
        {
            Assert.False(string.IsNullOrWhiteSpace(command.Element(Command + "details")!.Element(Maml + "description")?.Value), $"{cmdlet.Name} has no synopsis in the help file.");
            var documented = command.Element(Command + "parameters")!.Elements(Command + "parameter").Select(p => p.Element(Maml + "name")!.Value).ToHashSet();
            Assert.All(cmdlet.Parameters, p => Assert.Contains(p.Name, documented));
            Assert.Equal(cmdlet.ParameterSetNames.Count, command.Element(Command + "syntax")!.Elements(Command + "syntaxItem").Count());
            Assert.True(command.Element(Command + "examples")!.Elements(Command + "example").Count() >= 2, $"{cmdlet.Name} has fewer than two examples in the help file.");
        }
    }

    [Fact]
    public void AboutTopic_ExplainsTheModule_AndIsInEnUs()
    {
        var markdown = File.ReadAllText(Path.Combine(ModuleFiles.Docs, "about_MicroPythonRomfs.md"));
        var help = File.ReadAllText(Path.Combine(ModuleFiles.EnUs, "about_MicroPythonRomfs.help.txt"));

        Assert.StartsWith("TOPIC\n    about_MicroPythonRomfs\n", help.Replace("\r\n", "\n"), StringComparison.Ordinal);
        foreach (var section in new[] { "SHORT DESCRIPTION", "LONG DESCRIPTION", "TROUBLESHOOTING", "SEE ALSO" })
        {
            Assert.Contains("\n" + section + "\n", help.Replace("\r\n", "\n"), StringComparison.Ordinal);
        }

        foreach (var subject in new[] { "/rom", ".mpy", "mpy-cross", "partition", "-WhatIf" })
        {
            Assert.Contains(subject, markdown, StringComparison.Ordinal);
        }

        foreach (var cmdlet in ModuleFiles.Cmdlets)
        {
            Assert.Contains(cmdlet.Name, markdown, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void DocsPages_AreAllReadable_AndNoCmdletIsDocumentedTwice()
    {
        var files = HelpFileSet.Build(ModuleFiles.Docs);

        Assert.Contains("about_MicroPythonRomfs.help.txt", files.Keys);
        Assert.All(files.Keys.Where(k => k.EndsWith(".xml", StringComparison.Ordinal)), k => Assert.Equal(ModuleFiles.HelpFileName, k));
    }
}
