namespace MicroPythonRomfs.Romfs;

/// <summary>The record kinds of the ROMFS format, as numbered by upstream <c>extmod/vfs_rom.c</c>.</summary>
internal static class RomfsRecordKind
{
    /// <summary>Never valid: the device treats it as corruption (erased or zeroed flash).</summary>
    public const long Unused = 0;

    /// <summary>Padding or comments; skipped.</summary>
    public const long Padding = 1;

    /// <summary>File data stored in the record's payload.</summary>
    public const long DataVerbatim = 2;

    /// <summary>File data elsewhere: a varuint size then a varuint offset from the start of the filesystem payload.</summary>
    public const long DataPointer = 3;

    /// <summary>A directory: a varuint name length, the name, then the records of its contents.</summary>
    public const long Directory = 4;

    /// <summary>A file: a varuint name length, the name, then records, the first data record giving its bytes.</summary>
    public const long File = 5;

    /// <summary>The whole image; encodes as <c>d2 cd 31</c> ("RM1" with high bits on the first two bytes).</summary>
    public const long Filesystem = 0x14a6b1;
}
