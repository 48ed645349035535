using MicroPythonRomfs.HelpBuilder;
using MicroPythonRomfs.HelpBuilder.Markdown;

namespace MicroPythonRomfs.Module.Tests.Help;

public sealed class HelpFileSetTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "mpromfs-help-" + Guid.NewGuid().ToString("n"));

    public HelpFileSetTests() => Directory.CreateDirectory(folder);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Build_GivesTheSameFiles_WhenDocsHaveWindowsLineEndings()
    {
        var lf = HelpFileSet.Build(ModuleFiles.Docs);
        foreach (var page in Directory.GetFiles(ModuleFiles.Docs, "*.md"))
        {
            var text = File.ReadAllText(page).Replace("\r\n", "\n").Replace("\n", "\r\n");
            File.WriteAllText(Path.Combine(folder, Path.GetFileName(page)), text);
        }

        var crlf = HelpFileSet.Build(folder);

        Assert.Equal(lf.Keys, crlf.Keys);
        foreach (var name in lf.Keys)
        {
            Assert.True(lf[name] == crlf[name], $"{name} differs when the docs have CRLF line endings.");
        }
    }

    [Fact]
    public void Build_RejectsTwoPagesForOneCmdlet_NamingBoth()
    {
        File.WriteAllText(Path.Combine(folder, "New-SampleArchive.md"), SamplePages.NewSampleArchive);
        File.WriteAllText(Path.Combine(folder, "Copy.md"), SamplePages.NewSampleArchive);

        var error = Assert.Throws<HelpMarkdownException>(() => HelpFileSet.Build(folder));

        Assert.Contains("New-SampleArchive is documented by more than one page (Copy.md, New-SampleArchive.md)", error.Message);
    }

    [Fact]
    public void Build_GroupsPagesByTheirExternalHelpFile_AndConvertsAboutTopics()
    {
        File.WriteAllText(Path.Combine(folder, "New-SampleArchive.md"), SamplePages.NewSampleArchive);
        File.WriteAllText(Path.Combine(folder, "Get-SampleArchive.md"), SamplePages.NewSampleArchive
            .Replace("# New-SampleArchive", "# Get-SampleArchive")
            .Replace("MicroPythonRomfs.dll-Help.xml", "Other.dll-Help.xml"));
        File.WriteAllText(Path.Combine(folder, "about_Sample.md"), "# about_Sample\n\n## SHORT DESCRIPTION\nA sample.\n");

        var files = HelpFileSet.Build(folder);

        Assert.Equal(["MicroPythonRomfs.dll-Help.xml", "Other.dll-Help.xml", "about_Sample.help.txt"], files.Keys);
        Assert.Contains("<command:name>New-SampleArchive</command:name>", files["MicroPythonRomfs.dll-Help.xml"], StringComparison.Ordinal);
        Assert.DoesNotContain("Get-SampleArchive</command:name>", files["MicroPythonRomfs.dll-Help.xml"], StringComparison.Ordinal);
        Assert.Equal("TOPIC\n    about_Sample\n\nSHORT DESCRIPTION\n    A sample.\n", files["about_Sample.help.txt"]);
    }
}
