namespace MicroPythonRomfs.Cli;

/// <summary>One .py file of an <c>mpromfs compile</c> run: where it is, the name stored in its .mpy, where the .mpy goes.</summary>
/// <param name="Input">The source path as the user gave it (or the folder they gave joined with the path inside it).</param>
/// <param name="SourceName">The source name embedded in the .mpy (mpy-cross <c>-s</c>).</param>
/// <param name="Output">The .mpy to write.</param>
internal sealed record CompileJob(string Input, string SourceName, string Output);
