namespace MicroPythonRomfs.Romfs;

/// <summary>What an entry of a ROMFS image is.</summary>
public enum RomfsEntryKind
{
    /// <summary>A regular file with data.</summary>
    File,

    /// <summary>A directory holding other entries.</summary>
    Directory,
}
