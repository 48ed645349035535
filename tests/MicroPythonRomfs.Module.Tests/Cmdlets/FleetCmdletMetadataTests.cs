using System.Management.Automation;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Partitions;
using MicroPythonRomfs.PowerShell.Commands;
using static MicroPythonRomfs.Module.Tests.Cmdlets.AttributeMetadata;

namespace MicroPythonRomfs.Module.Tests.Cmdlets;

public class FleetCmdletMetadataTests
{
    public static TheoryData<Type> FleetCmdlets => new()
    {
        typeof(PublishRomfsImageCommand),
        typeof(GetRomfsPartitionCommand),
        typeof(InvokeMicroPythonCommand),
    };

    [Theory]
    [MemberData(nameof(FleetCmdlets))]
    public void Device_TakesManyBoards_FromThePipelineOrAnArray_AndThrottleLimitBoundsThem(Type cmdlet)
    {
        var device = cmdlet.GetProperty("Device")!;
        Assert.Equal(typeof(MicroPythonDevice[]), device.PropertyType);
        Assert.Equal(true, Named(Assert.Single(Of<ParameterAttribute>(device)), "ValueFromPipeline"));
        AssertThrottleLimit(cmdlet);
    }

    [Theory]
    [MemberData(nameof(FleetCmdlets))]
    public void Boards_AreCollectedThenWorkedOnTogether_InEndProcessing(Type cmdlet)
    {
        var end = cmdlet.GetMethod("EndProcessing", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!;
        Assert.Equal(cmdlet, end.DeclaringType);
    }

    [Fact]
    public void Publish_BindsBoardAndPartitionFromPipedPartitionObjects()
    {
        foreach (var name in new[] { "Device", "Partition" })
        {
            var parameter = Assert.Single(Of<ParameterAttribute>(typeof(PublishRomfsImageCommand).GetProperty(name)!));
            Assert.Equal(true, Named(parameter, "ValueFromPipelineByPropertyName"));
            Assert.NotNull(typeof(RomPartitionInfo).GetProperty(name));
            Assert.NotNull(typeof(DeployResult).GetProperty(name));
        }
    }

    [Fact]
    public void Connect_TakesPortObjectsFromThePipeline_AndFiltersThem()
    {
        var command = typeof(ConnectMicroPythonDeviceCommand);
        var input = command.GetProperty("InputObject")!;
        Assert.Equal(typeof(SerialPortInfo[]), input.PropertyType);
        Assert.Equal(true, Named(Assert.Single(Of<ParameterAttribute>(input)), "ValueFromPipeline"));
        Assert.Equal(typeof(string[]), command.GetProperty("Port")!.PropertyType);
        Assert.Equal(typeof(string[]), command.GetProperty("UsbId")!.PropertyType);
        Assert.Equal(typeof(string[]), command.GetProperty("Description")!.PropertyType);
        Assert.Equal(typeof(SwitchParameter), command.GetProperty("All")!.PropertyType);
        Assert.NotNull(typeof(SerialPortInfo).GetProperty("UsbId"));
        Assert.NotNull(typeof(MicroPythonDevice).GetProperty("UniqueId"));
        AssertThrottleLimit(command);
    }

    [Fact]
    public void DeployResult_NamesItsBoard_AndSaysWhetherItFailed()
    {
        foreach (var name in new[] { "Device", "Port", "UniqueId", "ImageHash", "BytesSent", "BlocksWritten", "BlocksSkipped", "Verified", "Duration", "Succeeded", "Error", "ErrorId" })
        {
            Assert.NotNull(typeof(DeployResult).GetProperty(name));
        }
    }

    private static void AssertThrottleLimit(Type cmdlet)
    {
        var throttle = cmdlet.GetProperty("ThrottleLimit")!;
        Assert.Equal(typeof(int), throttle.PropertyType);
        Assert.Single(Of<ValidateRangeAttribute>(throttle));
    }
}
