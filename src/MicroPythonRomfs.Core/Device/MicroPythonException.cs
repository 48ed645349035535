using System.Text.RegularExpressions;

namespace MicroPythonRomfs.Device;

/// <summary>Code run on a board raised a Python exception; carries the exception's name, message and traceback.</summary>
public sealed class MicroPythonException : Exception
{
    private static readonly Regex LastLine = new(@"^(?<name>[A-Za-z_][A-Za-z0-9_.]*)(?::\s?(?<message>.*))?$", RegexOptions.CultureInvariant);

    /// <summary>Creates the exception from the error text the board printed.</summary>
    /// <param name="port">The port of the board.</param>
    /// <param name="traceback">The error text, usually a traceback ending in <c>Name: message</c>.</param>
    /// <param name="output">What the code printed before the error.</param>
    public MicroPythonException(string port, string traceback, string output = "")
        : this(port, traceback, output, Split(traceback))
    {
    }

    private MicroPythonException(string port, string traceback, string output, (string Name, string Message) parts)
        : base(parts.Message.Length == 0 ? $"{parts.Name} (raised on {port})" : $"{parts.Name}: {parts.Message} (raised on {port})")
    {
        Port = port;
        Traceback = traceback;
        Output = output;
        ExceptionName = parts.Name;
        ExceptionMessage = parts.Message;
    }

    /// <summary>The port of the board.</summary>
    public string Port { get; }

    /// <summary>The Python exception's class name, for example <c>OSError</c>; <c>Error</c> when the text has no name.</summary>
    public string ExceptionName { get; }

    /// <summary>The Python exception's message, for example <c>[Errno 2] ENOENT</c>; may be empty.</summary>
    public string ExceptionMessage { get; }

    /// <summary>The whole error text the board printed.</summary>
    public string Traceback { get; }

    /// <summary>What the code printed before the error.</summary>
    public string Output { get; }

    private static (string Name, string Message) Split(string traceback)
    {
        var lines = (traceback ?? string.Empty).Replace("\r\n", "\n").Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0)
        {
            return ("Error", string.Empty);
        }

        var match = LastLine.Match(lines[lines.Count - 1]);
        return match.Success
            ? (match.Groups["name"].Value, match.Groups["message"].Value.Trim())
            : ("Error", lines[lines.Count - 1]);
    }
}
