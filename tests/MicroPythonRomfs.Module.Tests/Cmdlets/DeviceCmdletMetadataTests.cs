using System.Management.Automation;
using System.Reflection;
using System.Xml.Linq;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.PowerShell;
using MicroPythonRomfs.PowerShell.Commands;
using static MicroPythonRomfs.Module.Tests.Cmdlets.AttributeMetadata;

namespace MicroPythonRomfs.Module.Tests.Cmdlets;

public class DeviceCmdletMetadataTests
{
    public static TheoryData<Type> Cmdlets => new()
    {
        typeof(ConnectMicroPythonDeviceCommand),
        typeof(DisconnectMicroPythonDeviceCommand),
        typeof(GetMicroPythonPortCommand),
        typeof(GetMicroPythonDeviceCommand),
        typeof(InvokeMicroPythonCommand),
        typeof(ResetMicroPythonDeviceCommand),
    };

    public static TheoryData<Type> DeviceTakingCmdlets => new()
    {
        typeof(DisconnectMicroPythonDeviceCommand),
        typeof(InvokeMicroPythonCommand),
        typeof(ResetMicroPythonDeviceCommand),
    };

    public static TheoryData<Type> CancellableCmdlets => new()
    {
        typeof(ConnectMicroPythonDeviceCommand),
        typeof(InvokeMicroPythonCommand),
        typeof(ResetMicroPythonDeviceCommand),
    };

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Cmdlets_AreSealedNamedVerbNounCommand_AndDeclareTheirOutput(Type cmdlet)
    {
        var words = Positional(Assert.Single(Of<CmdletAttribute>(cmdlet)));
        Assert.True(cmdlet.IsSealed);
        Assert.Equal($"{words[0]}{words[1]}Command", cmdlet.Name);
        Assert.NotEmpty(Of<OutputTypeAttribute>(cmdlet));
    }

    [Theory]
    [MemberData(nameof(DeviceTakingCmdlets))]
    public void Device_IsOptionalAndBindsFromThePipeline(Type cmdlet)
    {
        var property = cmdlet.GetProperty("Device")!;
        Assert.Contains(property.PropertyType, new[] { typeof(MicroPythonDevice), typeof(MicroPythonDevice[]) });
        var parameter = Assert.Single(Of<ParameterAttribute>(property));
        Assert.Equal(true, Named(parameter, "ValueFromPipeline"));
        Assert.NotEqual(true, Named(parameter, "Mandatory"));
    }

    [Theory]
    [MemberData(nameof(CancellableCmdlets))]
    public void DeviceIo_IsCancelledByStopProcessing(Type cmdlet)
    {
        var stop = cmdlet.GetMethod("StopProcessing", BindingFlags.Instance | BindingFlags.NonPublic)!;
        Assert.Equal(cmdlet, stop.DeclaringType);
        Assert.True(typeof(IDisposable).IsAssignableFrom(cmdlet));
    }

    [Fact]
    public void ConnectPort_IsPositionalCompletesPortNamesAndBindsGetMicroPythonPortOutput()
    {
        var property = typeof(ConnectMicroPythonDeviceCommand).GetProperty("Port")!;
        var parameter = Assert.Single(Of<ParameterAttribute>(property));
        Assert.Equal(0, Named(parameter, "Position"));

        // Not mandatory, so piped port objects reach -InputObject (a Pester test checks the binding).
        Assert.NotEqual(true, Named(parameter, "Mandatory"));
        Assert.Equal(true, Named(parameter, "ValueFromPipelineByPropertyName"));
        Assert.Equal(typeof(PortNameCompleter), Positional(Assert.Single(Of<ArgumentCompleterAttribute>(property)))[0]);
        Assert.NotNull(typeof(SerialPortInfo).GetProperty("Port"));
        Assert.True(typeof(IArgumentCompleter).IsAssignableFrom(typeof(PortNameCompleter)));
    }

    [Fact]
    public void Connect_HasTheParametersTheIssueNames()
    {
        var names = ParameterNames(typeof(ConnectMicroPythonDeviceCommand));
        Assert.Equal(new[] { "All", "BaudRate", "Credential", "Description", "InputObject", "NoRawPaste", "NoSoftReset", "Password", "Port", "ThrottleLimit", "Timeout", "UsbId" }, names);
    }

    [Fact]
    public void Connect_TakesTheWebReplPasswordAsACredentialOrASecureString_NeverAsText()
    {
        var credential = typeof(ConnectMicroPythonDeviceCommand).GetProperty("Credential")!;
        var password = typeof(ConnectMicroPythonDeviceCommand).GetProperty("Password")!;
        Assert.Equal(typeof(System.Management.Automation.PSCredential), credential.PropertyType);
        Assert.Single(Of<System.Management.Automation.CredentialAttribute>(credential));
        Assert.Equal(typeof(System.Security.SecureString), password.PropertyType);
    }

    [Fact]
    public void Invoke_TakesCommandFirst_AndHasAsObject()
    {
        var names = ParameterNames(typeof(InvokeMicroPythonCommand));
        Assert.Equal(new[] { "AsObject", "Command", "Device", "FilePath", "Prefix", "ThrottleLimit", "Timeout" }, names);
        var command = Assert.Single(Of<ParameterAttribute>(typeof(InvokeMicroPythonCommand).GetProperty("Command")!));
        Assert.Equal(0, Named(command, "Position"));
        Assert.Equal(true, Named(command, "Mandatory"));
    }

    [Fact]
    public void Reset_AsksBeforeResetting()
    {
        var attribute = Assert.Single(Of<CmdletAttribute>(typeof(ResetMicroPythonDeviceCommand)));
        Assert.Equal(true, Named(attribute, "SupportsShouldProcess"));
        Assert.Equal(typeof(SwitchParameter), typeof(ResetMicroPythonDeviceCommand).GetProperty("PassThru")!.PropertyType);
    }

    [Fact]
    public void FormatFile_HasTableViewsForTheDeviceTypes()
    {
        var formatFile = Path.Combine(Path.GetDirectoryName(typeof(ConnectMicroPythonDeviceCommand).Assembly.Location)!, "MicroPythonRomfs.format.ps1xml");
        var typeNames = XDocument.Load(formatFile).Descendants("TypeName").Select(e => e.Value).ToList();
        Assert.Contains(typeof(MicroPythonDevice).FullName, typeNames);
        Assert.Contains(typeof(SerialPortInfo).FullName, typeNames);
    }

    private static IEnumerable<string> ParameterNames(Type cmdlet) =>
        cmdlet.GetProperties().Where(p => Of<ParameterAttribute>(p).Count > 0).Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal);
}
