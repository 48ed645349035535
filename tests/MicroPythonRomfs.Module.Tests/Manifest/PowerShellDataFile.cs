using System.Globalization;
using System.Text;

namespace MicroPythonRomfs.Module.Tests.Manifest;

/// <summary>
/// Reads the subset of PowerShell data-file syntax a module manifest uses: a hashtable literal of strings
/// (single- or double-quoted, without expansion), numbers, <c>$true</c>/<c>$false</c>/<c>$null</c>, arrays
/// (<c>@(...)</c> or comma lists) and nested hashtables, with <c>#</c> and <c>&lt;# #&gt;</c> comments.
/// </summary>
internal sealed class PowerShellDataFile
{
    private readonly string text;
    private readonly string file;
    private int position;

    private PowerShellDataFile(string text, string file)
    {
        this.text = text;
        this.file = file;
    }

    /// <summary>Parses a data file.</summary>
    /// <returns>Keys (case-insensitive, as PowerShell treats them) mapped to string, number, bool, null, object[] or a nested dictionary.</returns>
    public static IReadOnlyDictionary<string, object?> Parse(string text, string file)
    {
        var reader = new PowerShellDataFile(text.TrimStart('\uFEFF'), file);
        reader.SkipTrivia(newlines: true);
        var result = reader.ReadHashtable();
        reader.SkipTrivia(newlines: true);
        if (reader.position != reader.text.Length)
        {
            throw reader.Error("unexpected text after the closing '}'");
        }

        return result;
    }

    private Dictionary<string, object?> ReadHashtable()
    {
        Expect("@{");
        var result = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        while (true)
        {
            SkipTrivia(newlines: true, separators: true);
            if (TryConsume("}"))
            {
                return result;
            }

            var key = Peek() is '\'' or '"' ? ReadString() : ReadBareWord();
            SkipTrivia();
            Expect("=");
            SkipTrivia();
            if (result.ContainsKey(key))
            {
                throw Error($"the key '{key}' appears twice");
            }

            result[key] = ReadStatementValue();
        }
    }

    private object? ReadStatementValue()
    {
        var first = ReadValue();
        SkipTrivia();
        if (Peek() != ',')
        {
            return first;
        }

        var items = new List<object?> { first };
        while (TryConsume(","))
        {
            SkipTrivia(newlines: true);
            items.Add(ReadValue());
            SkipTrivia();
        }

        return items.ToArray();
    }

    private object? ReadValue()
    {
        if (Starts("@{"))
        {
            return ReadHashtable();
        }

        if (Starts("@("))
        {
            position += 2;
            var items = new List<object?>();
            while (true)
            {
                SkipTrivia(newlines: true, separators: true);
                if (TryConsume(")"))
                {
                    return items.ToArray();
                }

                if (TryConsume(","))
                {
                    continue;
                }

                items.Add(ReadValue());
            }
        }

        if (Peek() is '\'' or '"')
        {
            return ReadString();
        }

        if (Peek() == '$')
        {
            position++;
            var name = ReadBareWord().ToLowerInvariant();
            return name switch
            {
                "true" => true,
                "false" => false,
                "null" => null,
                _ => throw Error($"the variable '${name}' is not allowed in a data file"),
            };
        }

        var word = ReadBareWord();
        return double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw Error($"'{word}' is not a value a data file may hold");
    }

    private string ReadString()
    {
        var quote = text[position++];
        var value = new StringBuilder();
        while (true)
        {
            if (position >= text.Length)
            {
                throw Error("a string is not closed");
            }

            var c = text[position++];
            if (c == quote)
            {
                // A doubled quote inside a string stands for one quote character.
                if (position < text.Length && text[position] == quote)
                {
                    value.Append(quote);
                    position++;
                    continue;
                }

                return value.ToString();
            }

            if (quote == '"' && c == '$')
            {
                throw Error("a double-quoted string expands '$'; use single quotes in a data file");
            }

            value.Append(c);
        }
    }

    private string ReadBareWord()
    {
        var start = position;
        while (position < text.Length && (char.IsLetterOrDigit(text[position]) || text[position] is '_' or '.' or '-'))
        {
            position++;
        }

        return position > start ? text.Substring(start, position - start) : throw Error("a name or value was expected");
    }

    private void SkipTrivia(bool newlines = false, bool separators = false)
    {
        while (position < text.Length)
        {
            var c = text[position];
            if (c is ' ' or '\t' || ((c is '\r' or '\n') && newlines) || (c == ';' && separators))
            {
                position++;
            }
            else if (Starts("<#"))
            {
                var end = text.IndexOf("#>", position + 2, StringComparison.Ordinal);
                position = end < 0 ? throw Error("a <# comment is not closed") : end + 2;
            }
            else if (c == '#')
            {
                while (position < text.Length && text[position] != '\n')
                {
                    position++;
                }
            }
            else if (c is '\r' or '\n' && !newlines)
            {
                // An entry ends at the end of its line; the caller continues with newlines allowed.
                return;
            }
            else
            {
                return;
            }
        }
    }

    private bool Starts(string token) => string.CompareOrdinal(text, position, token, 0, token.Length) == 0;

    private char Peek() => position < text.Length ? text[position] : '\0';

    private bool TryConsume(string token)
    {
        if (!Starts(token))
        {
            return false;
        }

        position += token.Length;
        return true;
    }

    private void Expect(string token)
    {
        if (!TryConsume(token))
        {
            throw Error($"'{token}' was expected");
        }
    }

    private FormatException Error(string message)
    {
        var line = 1 + text.Take(Math.Min(position, text.Length)).Count(c => c == '\n');
        return new FormatException($"{file}:{line}: {message}.");
    }
}
