using MicroPythonRomfs.Mpy;

namespace MicroPythonRomfs.Tests.Mpy;

public class MpyArchitectureNamesTests
{
    [Fact]
    public void MarchNames_AreTheUpstreamSpellingsInUpstreamOrder()
    {
        Assert.Equal(
            new[] { "x86", "x64", "armv6", "armv6m", "armv7m", "armv7em", "armv7emsp", "armv7emdp", "xtensa", "xtensawin", "rv32imc", "rv64imc", "debug" },
            MpyArchitectureNames.MarchNames);
    }

    [Fact]
    public void TryParse_RoundTripsEveryArchitecture()
    {
        foreach (MpyArchitecture architecture in Enum.GetValues(typeof(MpyArchitecture)))
        {
            Assert.True(MpyArchitectureNames.TryParse(MpyArchitectureNames.GetName(architecture).ToUpperInvariant(), out var parsed));
            Assert.Equal(architecture, parsed);
        }
    }

    [Fact]
    public void Parse_OfAnUnknownName_ListsTheAcceptedNames()
    {
        var error = Assert.Throws<ArgumentException>(() => MpyArchitectureNames.Parse("arm64"));
        Assert.Contains("'arm64'", error.Message);
        Assert.Contains("xtensawin", error.Message);
    }

    [Fact]
    public void GetName_OfAnUnknownNumber_SaysSo()
    {
        Assert.Equal("arch 40", MpyArchitectureNames.GetName((MpyArchitecture)40));
    }
}
