using System.Management.Automation;
using MicroPythonRomfs.Partitions;
using MicroPythonRomfs.PowerShell.Commands;
using static MicroPythonRomfs.Module.Tests.Cmdlets.AttributeMetadata;

namespace MicroPythonRomfs.Module.Tests.Cmdlets;

public class PublishTransferParameterTests
{
    [Fact]
    public void PublishRomfsImage_HasAnOptionalTransferParameter_OfTheThreeModes_DefaultingToAuto()
    {
        var property = typeof(PublishRomfsImageCommand).GetProperty("Transfer")!;

        var parameter = Assert.Single(Of<ParameterAttribute>(property));
        Assert.NotEqual(true, Named(parameter, "Mandatory"));
        Assert.Equal(typeof(TransferMode), property.PropertyType);
        Assert.Equal(new[] { "Auto", "Binary", "Text" }, Enum.GetNames(typeof(TransferMode)));
        Assert.Equal(TransferMode.Auto, property.GetValue(new PublishRomfsImageCommand()));
    }
}
