using MicroPythonRomfs.Mpy.Compiler;

namespace MicroPythonRomfs.Cli;

/// <summary>What became of one file of an <c>mpromfs compile</c> run.</summary>
internal sealed class CompileOutcome
{
    private CompileOutcome(byte[]? mpy, string? error, string? mpyCrossText, MpyNativeCodeException? nativeCode, bool needsMpyCross)
    {
        Mpy = mpy;
        Error = error;
        MpyCrossText = mpyCrossText;
        NativeCode = nativeCode;
        NeedsMpyCross = needsMpyCross;
    }

    /// <summary>The .mpy, when compiled.</summary>
    public byte[]? Mpy { get; }

    /// <summary>One line naming the file (and line) when it failed.</summary>
    public string? Error { get; }

    /// <summary>mpy-cross's exact stderr for a refused file, when the managed compiler refused it.</summary>
    public string? MpyCrossText { get; }

    /// <summary>Where the file needs a native emitter, when it does.</summary>
    public MpyNativeCodeException? NativeCode { get; }

    /// <summary>Whether the file goes to mpy-cross.</summary>
    public bool NeedsMpyCross { get; }

    public static CompileOutcome Compiled(byte[] mpy) => new(mpy, null, null, null, false);

    public static CompileOutcome Failed(string error, string? mpyCrossText) => new(null, error, mpyCrossText, null, false);

    public static CompileOutcome NeedsNative(MpyNativeCodeException? nativeCode) => new(null, null, null, nativeCode, true);
}
