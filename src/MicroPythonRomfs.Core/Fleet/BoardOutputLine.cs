namespace MicroPythonRomfs.Fleet;

/// <summary>One line a board printed while running code, tagged with the board it came from.</summary>
public sealed class BoardOutputLine
{
    /// <summary>Creates a line.</summary>
    /// <param name="port">The board's port.</param>
    /// <param name="uniqueId">The board's unique id as hex, or <see langword="null"/>.</param>
    /// <param name="line">The text, without its line ending.</param>
    public BoardOutputLine(string port, string? uniqueId, string line)
    {
        Port = port ?? throw new ArgumentNullException(nameof(port));
        UniqueId = uniqueId;
        Line = line ?? throw new ArgumentNullException(nameof(line));
    }

    /// <summary>The board's port.</summary>
    public string Port { get; }

    /// <summary>The board's unique id as hex, where it has one.</summary>
    public string? UniqueId { get; }

    /// <summary>The text, without its line ending.</summary>
    public string Line { get; }

    /// <inheritdoc/>
    public override string ToString() => Port + ": " + Line;
}
