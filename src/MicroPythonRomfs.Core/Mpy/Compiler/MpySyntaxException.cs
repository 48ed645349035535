namespace MicroPythonRomfs.Mpy.Compiler;

/// <summary>
/// A refusal while compiling one file, shaped like mpy-cross's report: the exception type name,
/// the message, the line, and whether it came from reading (no scope named) or from compiling (a scope named).
/// </summary>
internal sealed class MpySyntaxException : Exception
{
    public MpySyntaxException(string typeName, string message, int? line, string? scopeName)
        : base(message)
    {
        TypeName = typeName;
        Line = line;
        ScopeName = scopeName;
    }

    /// <summary>SyntaxError, IndentationError or NotImplementedError.</summary>
    public string TypeName { get; }

    public int? Line { get; }

    /// <summary>The scope upstream names (<c>&lt;module&gt;</c> or a function), or null for errors found while reading.</summary>
    public string? ScopeName { get; }

    /// <summary>Set when the refusal is a request for a native emitter ("invalid arch" in mpy-cross).</summary>
    public string? NativeEmitter { get; init; }

    public static MpySyntaxException Syntax(string message, int line) => new("SyntaxError", message, line, null);
}
