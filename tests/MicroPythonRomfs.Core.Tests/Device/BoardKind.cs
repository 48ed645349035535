namespace MicroPythonRomfs.Tests.Device;

/// <summary>Which board a device test runs against.</summary>
public enum BoardKind
{
    /// <summary>The project's emulator (tests/emulator): a MicroPython webassembly interpreter that can inject faults.</summary>
    Emulator,

    /// <summary>Upstream MicroPython firmware (../shared/rig): the C interpreter, its pyexec REPL and vfs.rom_ioctl.</summary>
    Upstream,
}
