namespace MicroPythonRomfs.Device;

/// <summary>
/// What the layers above the raw REPL need from a connected board: run statements, evaluate expressions, and
/// count the bytes that crossed the link. Partition code talks to a board only through this.
/// </summary>
public interface IPythonSession
{
    /// <summary>The board's port as the user named it, for messages: "COM3", "socket://127.0.0.1:4000".</summary>
    string Port { get; }

    /// <summary>Bytes sent to the board since the session opened.</summary>
    long BytesSent { get; }

    /// <summary>Bytes received from the board since the session opened.</summary>
    long BytesReceived { get; }

    /// <summary>Runs statements on the board and returns what they printed.</summary>
    /// <param name="code">Python statements.</param>
    /// <param name="cancellationToken">Cancels the wait and interrupts the board.</param>
    /// <returns>The board's output bytes.</returns>
    /// <exception cref="MicroPythonException">The code raised an exception on the board.</exception>
    Task<byte[]> ExecAsync(string code, CancellationToken cancellationToken);

    /// <summary>Evaluates an expression on the board and parses its <c>repr</c> into .NET values.</summary>
    /// <param name="expression">A Python expression.</param>
    /// <param name="cancellationToken">Cancels the wait and interrupts the board.</param>
    /// <returns>The value: see <see cref="PythonLiteral"/> for the types.</returns>
    Task<object?> EvalAsync(string expression, CancellationToken cancellationToken);
}
