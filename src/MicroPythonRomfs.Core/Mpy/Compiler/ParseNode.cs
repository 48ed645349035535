namespace MicroPythonRomfs.Mpy.Compiler;

/// <summary>A node of the parse tree. A missing optional part is a null reference, as upstream's null node.</summary>
internal abstract class ParseNode
{
}
