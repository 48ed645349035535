using MicroPythonRomfs.Mpy;

namespace MicroPythonRomfs.Tests.Mpy;

public class MpyCompatibilityTests
{
    private static readonly MpyVersionInfo UnixX64 = MpyVersionInfo.FromSysImplementation(2822);
    private static readonly MpyVersionInfo WebAssembly = MpyVersionInfo.FromSysImplementation(774);

    private static MpyHeader Header(int version, int subVersion, MpyArchitecture architecture)
        => MpyHeader.Read(new byte[] { 0x4D, (byte)version, (byte)(((int)architecture << 2) | subVersion), 0x1F });

    [Fact]
    public void EveryBytecodeVector_LoadsOnBothVectorBoards()
    {
        foreach (var file in MpyVectorFiles.BytecodeOnly())
        {
            var header = MpyHeader.ReadFile(file);
            Assert.True(MpyCompatibility.Check(UnixX64, header, file).IsCompatible, file);
            Assert.True(MpyCompatibility.Check(WebAssembly, header, file).IsCompatible, file);
        }
    }

    [Fact]
    public void NativeX64Vectors_LoadOnTheUnixPort_ButNotOnTheWebAssemblyPort()
    {
        foreach (var file in MpyVectorFiles.NativeX64())
        {
            var header = MpyHeader.ReadFile(file);
            Assert.True(MpyCompatibility.Check(UnixX64, header, file).IsCompatible);
            var verdict = MpyCompatibility.Check(WebAssembly, header, "native_basic.x64.mpy");
            Assert.False(verdict.IsCompatible);
            Assert.Equal(MpyCompatibility.NativeCodeUnsupported, verdict.UpstreamError);
            Assert.Contains("'native_basic.x64.mpy'", verdict.Problem);
        }
    }

    [Fact]
    public void BytecodeOfAnotherVersion_IsAnIncompatibleFile()
    {
        var verdict = MpyCompatibility.Check(UnixX64, Header(5, 0, MpyArchitecture.None), "old.mpy");
        Assert.False(verdict.IsCompatible);
        Assert.Equal(MpyCompatibility.IncompatibleFile, verdict.UpstreamError);
        Assert.Contains("mpy 5", verdict.Problem);
        Assert.Contains("v6.3", verdict.Problem);
    }

    [Fact]
    public void BytecodeOfAnotherSubVersion_StillLoads()
    {
        Assert.True(MpyCompatibility.Check(UnixX64, Header(6, 1, MpyArchitecture.None), "a.mpy").IsCompatible);
    }

    [Fact]
    public void NativeCodeOfAnotherSubVersion_IsAnIncompatibleFile()
    {
        var verdict = MpyCompatibility.Check(UnixX64, Header(6, 2, MpyArchitecture.X64), "n.mpy");
        Assert.Equal(MpyCompatibility.IncompatibleFile, verdict.UpstreamError);
        Assert.Contains("6.2", verdict.Problem);
    }

    [Fact]
    public void NativeCodeForAnotherArchitecture_IsAnIncompatibleArch_NamingTheMarchToUse()
    {
        var esp32 = new MpyVersionInfo(6, 3, MpyArchitecture.Xtensawin);
        var verdict = MpyCompatibility.Check(esp32, Header(6, 3, MpyArchitecture.X64), "drv.mpy");
        Assert.Equal(MpyCompatibility.IncompatibleArchitecture, verdict.UpstreamError);
        Assert.Contains("-march=xtensawin", verdict.Problem);
    }

    [Theory]
    [InlineData(MpyArchitecture.Armv7emsp, MpyArchitecture.Armv6m, true)]
    [InlineData(MpyArchitecture.Armv7emsp, MpyArchitecture.Armv7em, true)]
    [InlineData(MpyArchitecture.Armv7emsp, MpyArchitecture.Armv7emsp, true)]
    [InlineData(MpyArchitecture.Armv7emsp, MpyArchitecture.Armv7emdp, false)]
    [InlineData(MpyArchitecture.Armv6m, MpyArchitecture.Armv7m, false)]
    [InlineData(MpyArchitecture.Armv7emdp, MpyArchitecture.Armv6, false)]
    [InlineData(MpyArchitecture.Xtensa, MpyArchitecture.Xtensawin, false)]
    [InlineData(MpyArchitecture.Rv32imc, MpyArchitecture.Rv32imc, true)]
    [InlineData(MpyArchitecture.None, MpyArchitecture.None, false)]
    public void RunsArchitecture_FollowsUpstreamArchTest(MpyArchitecture board, MpyArchitecture code, bool expected)
    {
        Assert.Equal(expected, MpyCompatibility.RunsArchitecture(board, code));
    }

    [Fact]
    public void NativeCodeNeedingArchitectureFlagsTheBoardLacks_IsAnIncompatibleArch()
    {
        var header = MpyHeader.Read(new byte[] { 0x4D, 0x06, 0x40 | (11 << 2) | 3, 0x1F, 0x03 });
        var board = new MpyVersionInfo(6, 3, MpyArchitecture.Rv32imc, 1);
        var verdict = MpyCompatibility.Check(board, header, "z.mpy");
        Assert.Equal(MpyCompatibility.IncompatibleArchitecture, verdict.UpstreamError);
        Assert.True(MpyCompatibility.Check(new MpyVersionInfo(6, 3, MpyArchitecture.Rv32imc, 7), header, "z.mpy").IsCompatible);
    }
}
