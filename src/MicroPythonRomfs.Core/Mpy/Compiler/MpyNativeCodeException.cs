namespace MicroPythonRomfs.Mpy.Compiler;

/// <summary>
/// Raised when a file needs a native emitter (<c>@micropython.native</c>, <c>@micropython.viper</c> or inline
/// assembler), which the managed compiler does not provide; the caller may use mpy-cross or keep the source.
/// </summary>
public sealed class MpyNativeCodeException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="sourceName">The source name of the file.</param>
    /// <param name="emitter">The decorator's emitter name, for example "native" or "viper".</param>
    /// <param name="line">The line of the decorator.</param>
    public MpyNativeCodeException(string sourceName, string emitter, int line)
        : base($"{sourceName}:{line}: @micropython.{emitter} needs a native code emitter, which the managed compiler does not have")
    {
        SourceName = sourceName;
        Emitter = emitter;
        Line = line;
    }

    /// <summary>The source name of the file.</summary>
    public string SourceName { get; }

    /// <summary>The emitter the code asks for: native, viper, asm_thumb, asm_xtensa or asm_rv32.</summary>
    public string Emitter { get; }

    /// <summary>The 1-based line of the decorator.</summary>
    public int Line { get; }
}
