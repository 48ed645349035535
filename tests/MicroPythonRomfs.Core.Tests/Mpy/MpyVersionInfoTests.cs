using MicroPythonRomfs.Mpy;

namespace MicroPythonRomfs.Tests.Mpy;

public class MpyVersionInfoTests
{
    [Fact]
    public void FromSysImplementation_DecodesTheUnixPortOfTheVectors_AsMpy63X64()
    {
        var info = MpyVersionInfo.FromSysImplementation(2822);
        Assert.Equal(6, info.Version);
        Assert.Equal(3, info.SubVersion);
        Assert.Equal(MpyArchitecture.X64, info.Architecture);
        Assert.Equal(0UL, info.ArchitectureFlags);
        Assert.Equal("mpy 6.3, x64", info.Description);
        Assert.Equal("-march=x64", info.MarchOption);
    }

    [Fact]
    public void FromSysImplementation_DecodesTheWebAssemblyPort_AsBytecodeOnly()
    {
        var info = MpyVersionInfo.FromSysImplementation(774);
        Assert.Equal(MpyArchitecture.None, info.Architecture);
        Assert.Equal("mpy 6.3, bytecode only", info.Description);
        Assert.Null(info.MarchOption);
    }

    [Fact]
    public void FromSysImplementation_ReadsArchitectureFlagsAboveBit16()
    {
        var info = MpyVersionInfo.FromSysImplementation(0x3_2F06);
        Assert.Equal(MpyArchitecture.Rv32imc, info.Architecture);
        Assert.Equal(3UL, info.ArchitectureFlags);
        Assert.Equal("mpy 6.3, rv32imc (arch flags 0x3)", info.Description);
    }

    [Fact]
    public void ToSysImplementation_RoundTripsEveryArchitectureAndSubVersion()
    {
        foreach (MpyArchitecture architecture in Enum.GetValues(typeof(MpyArchitecture)))
        {
            for (var sub = 0; sub < 4; sub++)
            {
                var info = new MpyVersionInfo(6, sub, architecture, 5);
                var decoded = MpyVersionInfo.FromSysImplementation(info.ToSysImplementation());
                Assert.Equal(info, decoded);
            }
        }
    }

    [Fact]
    public void FromSysImplementation_RejectsANegativeValue()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MpyVersionInfo.FromSysImplementation(-1));
    }

    [Fact]
    public void TryParseCompilerVersion_ReadsTheVectorsMpyCrossVersion()
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.Vectors, "mpy", "mpy-cross-version.txt"));
        Assert.True(MpyVersionInfo.TryParseCompilerVersion(text, out var info));
        Assert.Equal(new MpyVersionInfo(6, 3), info);
    }

    [Theory]
    [InlineData("mpy-cross emitting mpy v5", 5, 0)]
    [InlineData("MicroPython v1.22.0 on 2024-01-01; mpy-cross emitting mpy v6.2\n", 6, 2)]
    public void TryParseCompilerVersion_ReadsOlderFormats(string text, int version, int subVersion)
    {
        Assert.True(MpyVersionInfo.TryParseCompilerVersion(text, out var info));
        Assert.Equal(version, info!.Version);
        Assert.Equal(subVersion, info.SubVersion);
    }

    [Theory]
    [InlineData("")]
    [InlineData("MicroPython v1.29.0")]
    [InlineData("mpy-cross emitting mpy v")]
    [InlineData("mpy-cross emitting mpy v6.9")]
    public void TryParseCompilerVersion_RefusesTextWithoutAVersion(string text)
    {
        Assert.False(MpyVersionInfo.TryParseCompilerVersion(text, out _));
    }
}
