using System.Management.Automation;
using System.Xml.Linq;
using MicroPythonRomfs.Mpy;
using MicroPythonRomfs.PowerShell.Commands;
using MicroPythonRomfs.Romfs;
using static MicroPythonRomfs.Module.Tests.Cmdlets.AttributeMetadata;

namespace MicroPythonRomfs.Module.Tests.Cmdlets;

public class MpyCmdletParameterTests
{
    [Theory]
    [InlineData("MpyCross", typeof(string))]
    [InlineData("Architecture", typeof(MpyArchitecture))]
    [InlineData("CompilerOption", typeof(string[]))]
    public void NewRomfsImage_TakesTheCompilerParameters_InEveryParameterSet(string name, Type type)
    {
        var property = typeof(NewRomfsImageCommand).GetProperty(name)!;
        var parameter = Assert.Single(Of<ParameterAttribute>(property));

        Assert.Equal(type, property.PropertyType);
        Assert.Null(Named(parameter, "ParameterSetName"));
        Assert.Null(Named(parameter, "Mandatory"));
    }

    [Fact]
    public void Architecture_BindsEveryMarchName_AsAnEnumValue()
    {
        // PowerShell binds a string to an enum parameter by case-insensitive name, so every -march spelling must be one.
        foreach (var name in MpyArchitectureNames.MarchNames)
        {
            Assert.True(Enum.TryParse<MpyArchitecture>(name, ignoreCase: true, out var value), name);
            Assert.Equal(name, MpyArchitectureNames.GetName(value));
        }
    }

    [Fact]
    public void FormatFile_ShowsTheMpyHeaderDescription_ForRomfsEntries()
    {
        var formatFile = Path.Combine(Path.GetDirectoryName(typeof(NewRomfsImageCommand).Assembly.Location)!, "MicroPythonRomfs.format.ps1xml");
        var view = XDocument.Load(formatFile).Descendants("View")
            .Single(v => v.Descendants("TypeName").Any(t => t.Value == typeof(RomfsEntry).FullName));

        Assert.Contains("MpyDescription", view.Descendants("PropertyName").Select(p => p.Value));
        Assert.Contains("Mpy", view.Descendants("Label").Select(l => l.Value));
    }
}
