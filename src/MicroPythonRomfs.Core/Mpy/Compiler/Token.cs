namespace MicroPythonRomfs.Mpy.Compiler;

/// <summary>One token: its kind, the 1-based line it starts on, and its text or decoded value.</summary>
internal sealed class Token
{
    public Token(TokenKind kind, int line, string text, byte[]? data = null)
    {
        Kind = kind;
        Line = line;
        Text = text;
        Data = data;
    }

    public TokenKind Kind { get; }

    public int Line { get; }

    /// <summary>The name, the number's digits, or the decoded string value.</summary>
    public string Text { get; }

    /// <summary>The UTF-8 bytes of a string, or the bytes of a bytes literal.</summary>
    public byte[]? Data { get; }

    public override string ToString() => $"{Kind}@{Line}:{Text}";
}
