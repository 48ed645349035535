namespace MicroPythonRomfs.Mpy;

/// <summary>
/// The native code architecture recorded in a <c>.mpy</c> feature byte and in <c>sys.implementation._mpy</c>.
/// The numbers are upstream MicroPython's <c>MP_NATIVE_ARCH_*</c> values; <see cref="MpyArchitectureNames"/> gives
/// the <c>mpy-cross -march=</c> spelling of each.
/// </summary>
public enum MpyArchitecture
{
    /// <summary>No native code: the file holds bytecode only, or the board cannot run native code.</summary>
    None = 0,

    /// <summary>32-bit x86 (<c>-march=x86</c>).</summary>
    X86 = 1,

    /// <summary>x86-64 (<c>-march=x64</c>), for example the unix port on a PC.</summary>
    X64 = 2,

    /// <summary>ARMv6 in ARM mode (<c>-march=armv6</c>).</summary>
    Armv6 = 3,

    /// <summary>ARMv6-M Thumb, Cortex-M0/M0+ such as the RP2040 (<c>-march=armv6m</c>).</summary>
    Armv6m = 4,

    /// <summary>ARMv7-M Thumb-2, Cortex-M3 (<c>-march=armv7m</c>).</summary>
    Armv7m = 5,

    /// <summary>ARMv7E-M without a floating-point unit (<c>-march=armv7em</c>).</summary>
    Armv7em = 6,

    /// <summary>ARMv7E-M with a single-precision FPU, Cortex-M4F/M33 such as STM32F4 or RP2350 (<c>-march=armv7emsp</c>).</summary>
    Armv7emsp = 7,

    /// <summary>ARMv7E-M with a double-precision FPU, Cortex-M7 (<c>-march=armv7emdp</c>).</summary>
    Armv7emdp = 8,

    /// <summary>Xtensa LX106, the ESP8266 (<c>-march=xtensa</c>).</summary>
    Xtensa = 9,

    /// <summary>Windowed Xtensa, ESP32/ESP32-S2/ESP32-S3 (<c>-march=xtensawin</c>).</summary>
    Xtensawin = 10,

    /// <summary>RISC-V RV32IMC, for example ESP32-C3 or RP2350 in RISC-V mode (<c>-march=rv32imc</c>).</summary>
    Rv32imc = 11,

    /// <summary>RISC-V RV64IMC (<c>-march=rv64imc</c>).</summary>
    Rv64imc = 12,

    /// <summary>mpy-cross's debug emitter, which prints instead of emitting machine code (<c>-march=debug</c>).</summary>
    Debug = 13,
}
