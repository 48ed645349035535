namespace MicroPythonRomfs.Mpy;

/// <summary>Which compiler turns <c>.py</c> files into <c>.mpy</c> when an image is built.</summary>
public enum MpyCompilerKind
{
    /// <summary>The managed compiler, with mpy-cross (when found) for files that need native code; such files are otherwise stored as source.</summary>
    Auto,

    /// <summary>The managed compiler only; a file that needs native code is an error.</summary>
    Managed,

    /// <summary>Upstream mpy-cross only; when it is not found, <c>.py</c> files are stored as source with a warning.</summary>
    MpyCross,
}
