using System.Text;

namespace MicroPythonRomfs.Device;

/// <summary>
/// Turns output streamed in arbitrary pieces into whole lines, so a host can show a board's prints line by line as
/// they arrive. Boards end lines with <c>\r\n</c>; a lone <c>\n</c> is accepted too, and the line ends are dropped.
/// </summary>
public sealed class OutputLineSplitter
{
    /// <summary>The longest line held back waiting for its end; a longer run of output is handed over in pieces this long.</summary>
    public const int MaxLineLength = 64 * 1024;

    private readonly StringBuilder _partial = new();

    /// <summary>Adds a piece of output and returns the lines it completes.</summary>
    /// <param name="text">The piece.</param>
    /// <returns>The completed lines, without their line ends; empty when none completed.</returns>
    public IReadOnlyList<string> Add(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Array.Empty<string>();
        }

        List<string>? lines = null;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                var length = _partial.Length;
                if (length > 0 && _partial[length - 1] == '\r')
                {
                    length--;
                }

                (lines ??= new List<string>()).Add(_partial.ToString(0, length));
                _partial.Clear();
            }
            else
            {
                _partial.Append(c);
                if (_partial.Length >= MaxLineLength)
                {
                    // A board that prints without line ends must not make the host hold all of it.
                    (lines ??= new List<string>()).Add(_partial.ToString());
                    _partial.Clear();
                }
            }
        }

        return lines ?? (IReadOnlyList<string>)Array.Empty<string>();
    }

    /// <summary>Returns the text after the last line end, if any, and starts afresh.</summary>
    /// <returns>The unfinished last line, or <see langword="null"/> when there is none.</returns>
    public string? Flush()
    {
        if (_partial.Length == 0)
        {
            return null;
        }

        var rest = _partial.ToString().TrimEnd('\r');
        _partial.Clear();
        return rest;
    }
}
