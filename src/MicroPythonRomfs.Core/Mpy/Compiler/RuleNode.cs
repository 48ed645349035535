namespace MicroPythonRomfs.Mpy.Compiler;

/// <summary>A structured node: its rule, the line of its first token, and its children (null where absent).</summary>
internal sealed class RuleNode : ParseNode
{
    public RuleNode(RuleKind kind, int line, params ParseNode?[] children)
    {
        Kind = kind;
        Line = line;
        Children = children;
    }

    public RuleKind Kind { get; set; }

    public int Line { get; }

    public ParseNode?[] Children { get; }

    /// <summary>The scope the compiler attached to a def, class, lambda or comprehension.</summary>
    public Scope? Scope { get; set; }

    public ParseNode? this[int index] => Children[index];

    public int Count => Children.Length;

    public override string ToString() => Kind + "(" + string.Join(", ", Children.Select(c => c?.ToString() ?? "null")) + ")";
}
