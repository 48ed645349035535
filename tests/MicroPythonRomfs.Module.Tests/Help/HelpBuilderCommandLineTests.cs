using System.Diagnostics;
using MicroPythonRomfs.HelpBuilder;

namespace MicroPythonRomfs.Module.Tests.Help;

/// <summary>The builder as build.ps1 and CI run it: <c>--docs docs --out en-US [--check]</c>.</summary>
public sealed class HelpBuilderCommandLineTests : IDisposable
{
    private readonly string output = Path.Combine(Path.GetTempPath(), "mpromfs-enus-" + Guid.NewGuid().ToString("n"));

    public void Dispose()
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void Build_WritesWhatHelpFileSetProduces_AndCheckThenPasses()
    {
        var build = Run("--docs", ModuleFiles.Docs, "--out", output);
        var check = Run("--docs", ModuleFiles.Docs, "--out", output, "--check");

        Assert.Equal(0, build.ExitCode);
        foreach (var (name, content) in HelpFileSet.Build(ModuleFiles.Docs))
        {
            Assert.Equal(content, File.ReadAllText(Path.Combine(output, name)));
        }

        Assert.Equal(0, check.ExitCode);
        Assert.Empty(Directory.GetFiles(output, "*.tmp"));
    }

    [Fact]
    public void Check_FailsAndNamesTheFile_WhenOutputIsStale_AndBuildRemovesFilesNoPageProduces()
    {
        Assert.Equal(0, Run("--docs", ModuleFiles.Docs, "--out", output).ExitCode);
        File.AppendAllText(Path.Combine(output, "about_MicroPythonRomfs.help.txt"), "edited by hand\n");
        File.WriteAllText(Path.Combine(output, "about_Gone.help.txt"), "no page makes this\n");
        File.WriteAllText(Path.Combine(output, "notes.txt"), "not the builder's\n");

        var check = Run("--docs", ModuleFiles.Docs, "--out", output, "--check");
        var rebuild = Run("--docs", ModuleFiles.Docs, "--out", output);

        Assert.Equal(1, check.ExitCode);
        Assert.Contains("about_MicroPythonRomfs.help.txt is out of date", check.Error, StringComparison.Ordinal);
        Assert.Contains("about_Gone.help.txt is out of date", check.Error, StringComparison.Ordinal);
        Assert.Equal(0, rebuild.ExitCode);
        Assert.False(File.Exists(Path.Combine(output, "about_Gone.help.txt")));
        Assert.True(File.Exists(Path.Combine(output, "notes.txt")));
        Assert.Equal(0, Run("--docs", ModuleFiles.Docs, "--out", output, "--check").ExitCode);
    }

    [Theory]
    [InlineData("--docs")]
    [InlineData("--out", "x")]
    [InlineData("--docs", "docs", "--frobnicate")]
    public void BadArguments_ExitWithTwo_AndShowUsage(params string[] arguments)
    {
        var result = Run(arguments);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("usage: MicroPythonRomfs.HelpBuilder", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ABrokenPage_FailsTheBuild_NamingTheFile_AndWritesNothing()
    {
        var docs = Path.Combine(output, "docs");
        Directory.CreateDirectory(docs);
        File.WriteAllText(Path.Combine(docs, "New-SampleArchive.md"), SamplePages.NewSampleArchive.Replace("## SYNOPSIS", "## SYNOPSYS"));
        var target = Path.Combine(output, "en-US");

        var result = Run("--docs", docs, "--out", target);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("New-SampleArchive.md:", result.Error, StringComparison.Ordinal);
        Assert.Contains("'## SYNOPSYS' is not a PlatyPS section", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(target));
    }

    private static (int ExitCode, string Output, string Error) Run(params string[] arguments)
    {
        var builder = Path.Combine(AppContext.BaseDirectory, "MicroPythonRomfs.HelpBuilder.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(builder);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The help builder did not finish within a minute.");
        }

        return (process.ExitCode, standardOutput.Result, standardError.Result);
    }
}
