namespace MicroPythonRomfs.PowerShell;

/// <summary>
/// One board's value from <c>Invoke-MicroPython -AsObject</c> run on several boards at once: the value and the board
/// it came from. With one board the value is written as it is.
/// </summary>
public sealed class BoardValue
{
    /// <summary>Creates a board's value.</summary>
    /// <param name="port">The board's port.</param>
    /// <param name="uniqueId">The board's unique id, where it has one.</param>
    /// <param name="value">The expression's value.</param>
    public BoardValue(string port, string? uniqueId, object? value)
    {
        Port = port;
        UniqueId = uniqueId;
        Value = value;
    }

    /// <summary>The board's port.</summary>
    public string Port { get; }

    /// <summary>The board's <c>machine.unique_id()</c> in hex, where it has one.</summary>
    public string? UniqueId { get; }

    /// <summary>The expression's value: numbers, strings, <c>byte[]</c>, arrays for lists and tuples, ordered dictionaries for dicts.</summary>
    public object? Value { get; }
}
