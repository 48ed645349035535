using System.Management.Automation;

namespace MicroPythonRomfs.Module.Tests.Help;

/// <summary>A second declaration for the help checks: parameters whose values are limited by an enumeration or [ValidateSet].</summary>
[Cmdlet(VerbsCommon.Get, "SampleSetting")]
[OutputType("System.String")]
public sealed class GetSampleSettingCommand : PSCmdlet
{
    [Parameter(Position = 0)]
    public FileAccess Access { get; set; }

    [Parameter]
    [ValidateSet("Low", "High")]
    public string Level { get; set; } = "Low";
}
