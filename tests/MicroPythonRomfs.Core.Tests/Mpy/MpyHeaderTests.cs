using FsCheck;
using FsCheck.Fluent;
using MicroPythonRomfs.Mpy;

namespace MicroPythonRomfs.Tests.Mpy;

public class MpyHeaderTests
{
    [Fact]
    public void Read_DescribesEveryBytecodeVector_AsMpy6BytecodeOnly()
    {
        var files = MpyVectorFiles.BytecodeOnly().ToList();
        Assert.True(files.Count > 100, $"expected the vector .mpy files, found {files.Count}");
        foreach (var file in files)
        {
            var header = MpyHeader.ReadFile(file);
            Assert.Equal(6, header.Version);
            Assert.Equal(MpyArchitecture.None, header.Architecture);
            Assert.False(header.HasNativeCode);
            Assert.Equal(31, header.SmallIntBits);
            Assert.Null(header.ArchitectureFlags);
            Assert.Equal(4, header.Length);
            Assert.Equal("mpy 6, bytecode only", header.Description);
        }
    }

    [Fact]
    public void Read_DescribesEveryNativeVector_AsMpy63X64()
    {
        var files = MpyVectorFiles.NativeX64().ToList();
        Assert.Equal(4, files.Count);
        foreach (var file in files)
        {
            var header = MpyHeader.ReadFile(file);
            Assert.Equal(MpyArchitecture.X64, header.Architecture);
            Assert.Equal(3, header.SubVersion);
            Assert.True(header.HasNativeCode);
            Assert.Equal("mpy 6.3, x64", header.Description);
        }
    }

    [Fact]
    public void Read_FindsTheEmbeddedSourceName_InEveryVector()
    {
        foreach (var file in MpyVectorFiles.BytecodeOnly().Concat(MpyVectorFiles.NativeX64()))
        {
            Assert.Equal(MpyVectorFiles.ExpectedSourceName(file), MpyHeader.ReadFile(file).SourceName);
        }
    }

    [Fact]
    public void Read_OfBasicMain_GivesTheSourceNameMpremoteEmbeds()
    {
        var header = MpyHeader.Read(File.ReadAllBytes(Path.Combine(TestPaths.Vectors, "mpy", "basic", "main.mpy")));
        Assert.Equal("basic/main.py", header.SourceName);
    }

    [Fact]
    public void Read_RejectsATruncatedHeader_NamingTheFileAndOffset()
    {
        var error = Assert.Throws<MpyFormatException>(() => MpyHeader.Read(new byte[] { 0x4D, 0x06 }, "lib/x.mpy"));
        Assert.Equal("lib/x.mpy", error.FileName);
        Assert.Equal(2, error.Offset);
        Assert.Contains("'lib/x.mpy'", error.Message);
        Assert.Contains("offset 2", error.Message);
    }

    [Fact]
    public void Read_RejectsAWrongMagicByte_NamingOffsetZero()
    {
        var error = Assert.Throws<MpyFormatException>(() => MpyHeader.Read(new byte[] { 0x43, 0x06, 0x00, 0x1F }, "a.mpy"));
        Assert.Equal(0, error.Offset);
        Assert.Contains("0x43", error.Message);
    }

    [Fact]
    public void Read_RejectsArchitectureFlagsThatEndEarly()
    {
        var error = Assert.Throws<MpyFormatException>(() => MpyHeader.Read(new byte[] { 0x4D, 0x06, 0x40 | (11 << 2) | 3, 0x1F, 0x81 }, "rv.mpy"));
        Assert.Equal(5, error.Offset);
        Assert.Contains("architecture flags", error.Message);
    }

    [Fact]
    public void Read_DecodesArchitectureFlags_WhenFeatureBit6IsSet()
    {
        var header = MpyHeader.Read(new byte[] { 0x4D, 0x06, 0x40 | (11 << 2) | 3, 0x1F, 0x81, 0x02 });
        Assert.Equal(MpyArchitecture.Rv32imc, header.Architecture);
        Assert.Equal(3, header.SubVersion);
        Assert.Equal(0x82UL, header.ArchitectureFlags);
        Assert.Equal(6, header.Length);
        Assert.Equal("mpy 6.3, rv32imc (arch flags 0x82)", header.Description);
    }

    [Theory]
    [InlineData(MpyArchitecture.Xtensawin, "mpy 6.3, xtensawin")]
    [InlineData(MpyArchitecture.Armv7emsp, "mpy 6.3, armv7emsp")]
    [InlineData(MpyArchitecture.Rv64imc, "mpy 6.3, rv64imc")]
    public void Description_NamesTheNativeArchitecture(MpyArchitecture architecture, string expected)
    {
        var header = MpyHeader.Read(new byte[] { 0x4D, 0x06, (byte)(((int)architecture << 2) | 3), 0x1F });
        Assert.Equal(expected, header.Description);
    }

    [Fact]
    public void Read_OfAnOlderMpy5File_DoesNotInventASubVersion()
    {
        var header = MpyHeader.Read(new byte[] { 0x4D, 0x05, 0x03, 0x1F, 0x20 });
        Assert.Equal(5, header.Version);
        Assert.Equal(0, header.SubVersion);
        Assert.Null(header.SourceName);
        Assert.Equal("mpy 5, bytecode only", header.Description);
    }

    [Fact]
    public void Read_OfHeaderOnly_LeavesTheSourceNameUnknown()
    {
        Assert.Null(MpyHeader.Read(new byte[] { 0x4D, 0x06, 0x00, 0x1F }).SourceName);
    }

    [Fact]
    public void Read_OfArbitraryBytes_EitherSucceedsOrRaisesMpyFormatException()
    {
        Prop.ForAll<byte[]>(bytes =>
        {
            try
            {
                var header = MpyHeader.Read(bytes);
                return bytes.Length >= 4 && bytes[0] == 0x4D && header.Length <= bytes.Length && header.Description.Length > 0;
            }
            catch (MpyFormatException error)
            {
                return error.Offset >= 0 && error.Offset <= bytes.Length;
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Read_OfBytesStartingWithM_NeverThrowsAnythingButMpyFormatException()
    {
        Prop.ForAll<byte[]>(tail =>
        {
            var bytes = new byte[] { 0x4D, 0x06 }.Concat(tail).ToArray();
            try
            {
                var header = MpyHeader.Read(bytes);
                return header.SourceName == null || header.SourceName.Length <= bytes.Length;
            }
            catch (MpyFormatException)
            {
                return true;
            }
        }).QuickCheckThrowOnFailure();
    }
}
