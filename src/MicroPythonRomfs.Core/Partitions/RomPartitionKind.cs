namespace MicroPythonRomfs.Partitions;

/// <summary>How a board exposes a ROM partition through <c>vfs.rom_ioctl(2, n)</c>.</summary>
public enum RomPartitionKind
{
    /// <summary>A memoryview over memory-mapped flash, written with <c>vfs.rom_ioctl</c> prepare (3), write (4) and complete (5).</summary>
    MemoryView,

    /// <summary>A block device object, sized with <c>ioctl(4/5)</c>, erased with <c>ioctl(6)</c> and written with <c>writeblocks</c>.</summary>
    BlockDevice,
}
