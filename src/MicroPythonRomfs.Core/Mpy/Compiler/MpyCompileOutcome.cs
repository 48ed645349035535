namespace MicroPythonRomfs.Mpy.Compiler;

/// <summary>What compiling one file gave: its .mpy, its refusal, or the native emitter it needs.</summary>
internal readonly struct MpyCompileOutcome
{
    public MpyCompileOutcome(byte[]? mpy, IReadOnlyList<MpyCompileError>? errors, MpyNativeCodeException? nativeCode)
    {
        Mpy = mpy;
        Errors = errors;
        NativeCode = nativeCode;
    }

    public byte[]? Mpy { get; }

    public IReadOnlyList<MpyCompileError>? Errors { get; }

    public MpyNativeCodeException? NativeCode { get; }
}
