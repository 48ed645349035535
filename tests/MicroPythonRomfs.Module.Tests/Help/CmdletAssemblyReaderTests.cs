using MicroPythonRomfs.HelpBuilder.Markdown;
using MicroPythonRomfs.HelpBuilder.Reflection;

namespace MicroPythonRomfs.Module.Tests.Help;

public sealed class CmdletAssemblyReaderTests
{
    private static CmdletDefinition Sample => CmdletAssemblyReader.Read(typeof(NewSampleArchiveCommand))!;

    [Fact]
    public void Read_TakesNameDefaultSetAndShouldProcess_FromTheCmdletAttribute()
    {
        Assert.Equal("New-SampleArchive", Sample.Name);
        Assert.Equal("Path", Sample.DefaultParameterSetName);
        Assert.True(Sample.SupportsShouldProcess);
        Assert.Equal(["Path", "LiteralPath"], Sample.ParameterSetNames);
        Assert.Equal(["System.IO.FileInfo"], Sample.OutputTypes);
    }

    [Fact]
    public void Read_TakesEveryParameterAttribute_AndIgnoresPlainProperties()
    {
        Assert.Equal(["Path", "LiteralPath", "Destination", "Alignment", "Force"], Sample.Parameters.Select(p => p.Name));

        var path = Sample.Parameters[0];
        Assert.Equal("String[]", path.TypeName);
        Assert.True(path.AcceptsWildcards);
        var pathSet = Assert.Single(path.Sets);
        Assert.Equal(new ParameterSetMembership("Path", true, 0, true, true), pathSet);
        Assert.Equal("True (ByValue, ByPropertyName)", pathSet.PipelineInput);

        var literal = Sample.Parameters[1];
        Assert.Equal(["PSPath", "LP"], literal.Aliases);
        Assert.Equal("Named", Assert.Single(literal.Sets).PositionText);
        Assert.Equal("True (ByPropertyName)", literal.Sets[0].PipelineInput);

        Assert.Equal(CmdletDefinition.AllParameterSets, Assert.Single(Sample.Parameters[2].Sets).SetName);
        Assert.Equal("Nullable`1[Int32]", Sample.Parameters[3].TypeName);
        Assert.True(Sample.Parameters[4].IsSwitch);
    }

    [Fact]
    public void Read_ReturnsNull_ForAClassWithoutTheCmdletAttribute()
    {
        Assert.Null(CmdletAssemblyReader.Read(typeof(SamplePages)));
    }

    [Fact]
    public void ParametersOf_OrdersPositionalParametersFirst_AndIncludesAllSetParameters()
    {
        Assert.Equal(["Path", "Destination", "Alignment", "Force"], Sample.ParametersOf("Path").Select(p => p.Parameter.Name));
        Assert.Equal(["Destination", "LiteralPath", "Alignment", "Force"], Sample.ParametersOf("LiteralPath").Select(p => p.Parameter.Name));
    }

    [Fact]
    public void SyntaxLine_UsesPowerShellsNotation_ForPositionalMandatoryOptionalAndSwitchParameters()
    {
        Assert.Equal(
            "New-SampleArchive [-Path] <String[]> [-Destination] <String> [-Alignment <Nullable`1[Int32]>] [-Force] [-WhatIf] [-Confirm] [<CommonParameters>]",
            CommandHelpMarkdownWriter.SyntaxLine(Sample, "Path"));
        Assert.Equal(
            "New-SampleArchive [-Destination] <String> -LiteralPath <String[]> [-Alignment <Nullable`1[Int32]>] [-Force] [-WhatIf] [-Confirm] [<CommonParameters>]",
            CommandHelpMarkdownWriter.SyntaxLine(Sample, "LiteralPath"));
    }
}
