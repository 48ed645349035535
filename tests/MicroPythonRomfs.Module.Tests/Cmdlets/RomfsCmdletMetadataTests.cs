using System.Management.Automation;
using System.Reflection;
using System.Xml.Linq;
using MicroPythonRomfs.PowerShell.Commands;
using MicroPythonRomfs.Romfs;
using static MicroPythonRomfs.Module.Tests.Cmdlets.AttributeMetadata;

namespace MicroPythonRomfs.Module.Tests.Cmdlets;

public class RomfsCmdletMetadataTests
{
    public static TheoryData<Type> Cmdlets => new() { typeof(NewRomfsImageCommand), typeof(GetRomfsItemCommand), typeof(ExpandRomfsImageCommand) };

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void LiteralPath_BindsPipedFileObjectsByTheirPSPathProperty(Type cmdlet)
    {
        var property = cmdlet.GetProperty("LiteralPath")!;
        var parameter = Assert.Single(Of<ParameterAttribute>(property));

        Assert.Equal(true, Named(parameter, "ValueFromPipelineByPropertyName"));
        Assert.Equal(true, Named(parameter, "Mandatory"));
        Assert.Equal("LiteralPath", Named(parameter, "ParameterSetName"));
        Assert.Contains("PSPath", Positional(Assert.Single(Of<AliasAttribute>(property))));
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Path_TakesPositionZeroAndPipedStringsInTheDefaultSet(Type cmdlet)
    {
        var parameter = Assert.Single(Of<ParameterAttribute>(cmdlet.GetProperty("Path")!));
        var attribute = Assert.Single(Of<CmdletAttribute>(cmdlet));

        Assert.Equal(0, Named(parameter, "Position"));
        Assert.Equal(true, Named(parameter, "ValueFromPipeline"));
        Assert.Equal(Named(attribute, "DefaultParameterSetName"), Named(parameter, "ParameterSetName"));
        Assert.Equal("Path", cmdlet.GetField("PathParameterSet")!.GetValue(null));
        Assert.Equal("LiteralPath", cmdlet.GetField("LiteralPathParameterSet")!.GetValue(null));
    }

    [Fact]
    public void CommandsThatWriteFiles_SupportShouldProcessForceAndPassThru()
    {
        foreach (var cmdlet in new[] { typeof(NewRomfsImageCommand), typeof(ExpandRomfsImageCommand) })
        {
            Assert.Equal(true, Named(Assert.Single(Of<CmdletAttribute>(cmdlet)), "SupportsShouldProcess"));
            Assert.Equal(typeof(SwitchParameter), cmdlet.GetProperty("Force")!.PropertyType);
            Assert.Equal(typeof(SwitchParameter), cmdlet.GetProperty("PassThru")!.PropertyType);
        }

        Assert.Null(Named(Assert.Single(Of<CmdletAttribute>(typeof(GetRomfsItemCommand))), "SupportsShouldProcess"));
    }

    [Fact]
    public void NewRomfsImage_HasTheParametersTheIssueNames()
    {
        var names = typeof(NewRomfsImageCommand).GetProperties()
            .Where(p => Of<ParameterAttribute>(p).Count > 0)
            .Select(p => p.Name)
            .OrderBy(n => n, StringComparer.Ordinal);

        Assert.Equal(new[] { "Align", "Architecture", "Compiler", "CompilerOption", "Exclude", "Force", "LiteralPath", "Mpy", "MpyCross", "NoMpy", "OutFile", "PassThru", "Path", "RootPath" }, names);
        var range = Positional(Assert.Single(Of<ValidateRangeAttribute>(typeof(NewRomfsImageCommand).GetProperty("Align")!)));
        Assert.Equal(new object?[] { 1, RomfsWriter.MaxAlignment }, range);
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Cmdlets_AreSealedAndNamedVerbNounCommand(Type cmdlet)
    {
        var words = Positional(Assert.Single(Of<CmdletAttribute>(cmdlet)));

        Assert.True(cmdlet.IsSealed);
        Assert.Equal($"{words[0]}{words[1]}Command", cmdlet.Name);
        Assert.NotEmpty(Of<OutputTypeAttribute>(cmdlet));
    }

    [Fact]
    public void FormatFile_HasATableViewForEveryOutputType()
    {
        var formatFile = Path.Combine(Path.GetDirectoryName(typeof(NewRomfsImageCommand).Assembly.Location)!, "MicroPythonRomfs.format.ps1xml");
        var document = XDocument.Load(formatFile);
        var typeNames = document.Descendants("TypeName").Select(e => e.Value).ToList();

        Assert.Contains(typeof(RomfsImageInfo).FullName, typeNames);
        Assert.Contains(typeof(RomfsEntry).FullName, typeNames);
        Assert.All(document.Descendants("View"), view => Assert.NotNull(view.Element("TableControl")));
    }
}
