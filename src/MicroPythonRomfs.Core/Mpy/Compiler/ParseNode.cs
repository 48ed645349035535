namespace MicroPythonRomfs.Mpy.Compiler;

/// <summary>A node of the parse tree. A missing optional part is a null reference, as upstream's null node.</summary>
internal abstract class ParseNode
{
}

/// <summary>An identifier.</summary>
internal sealed class NameNode : ParseNode
{
    public NameNode(string name) => Name = name;

    public string Name { get; }

    public override string ToString() => Name;
}

/// <summary>An integer that fits the target's small int.</summary>
internal sealed class SmallIntNode : ParseNode
{
    public SmallIntNode(long value) => Value = value;

    public long Value { get; }

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A string interned as a qstr.</summary>
internal sealed class StringNode : ParseNode
{
    public StringNode(string value) => Value = value;

    public string Value { get; }

    public override string ToString() => "'" + Value + "'";
}

/// <summary>A token kept in the tree: None/True/False/..., an operator, or a period in a relative import.</summary>
internal sealed class TokenNode : ParseNode
{
    public TokenNode(TokenKind kind) => Kind = kind;

    public TokenKind Kind { get; }

    public override string ToString() => Kind.ToString();
}

/// <summary>A constant object (big int, float, complex, long str, bytes, tuple) with the line it came from.</summary>
internal sealed class ConstNode : ParseNode
{
    public ConstNode(object value, int line)
    {
        Value = value;
        Line = line;
    }

    public object Value { get; }

    public int Line { get; }
}

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
