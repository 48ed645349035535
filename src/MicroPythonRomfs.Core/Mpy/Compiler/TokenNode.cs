namespace MicroPythonRomfs.Mpy.Compiler;

/// <summary>A token kept in the tree: None/True/False/..., an operator, or a period in a relative import.</summary>
internal sealed class TokenNode : ParseNode
{
    public TokenNode(TokenKind kind) => Kind = kind;

    public TokenKind Kind { get; }

    public override string ToString() => Kind.ToString();
}
