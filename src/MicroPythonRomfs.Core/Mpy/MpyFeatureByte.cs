namespace MicroPythonRomfs.Mpy;

/// <summary>
/// The bit layout of the <c>.mpy</c> feature byte, which <c>sys.implementation._mpy</c> repeats in its second byte:
/// bits 0-1 the sub-version (from mpy 6 on), bits 2-5 and 7 the native architecture, bit 6 "architecture flags
/// follow". Upstream py/persistentcode.h.
/// </summary>
internal static class MpyFeatureByte
{
    /// <summary>The first mpy version whose feature byte carries a sub-version rather than bytecode flags.</summary>
    public const int FirstVersionWithSubVersion = 6;

    /// <summary>Bit 6: a varuint of architecture-specific flags follows the four header bytes.</summary>
    public const byte ArchitectureFlagsPresent = 0x40;

    public static int DecodeSubVersion(int version, byte feature) => version >= FirstVersionWithSubVersion ? feature & 3 : 0;

    public static MpyArchitecture DecodeArchitecture(byte feature) => (MpyArchitecture)((feature >> 2) & 0x2F);

    public static byte Encode(int subVersion, MpyArchitecture architecture, bool flagsPresent)
        => (byte)((subVersion & 3) | (((int)architecture & 0x2F) << 2) | (flagsPresent ? ArchitectureFlagsPresent : 0));
}
