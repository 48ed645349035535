namespace MicroPythonRomfs.Device;

/// <summary>A board session that can also exchange raw bytes with a program while it runs.</summary>
public interface IDuplexPythonSession : IPythonSession
{
    /// <summary>
    /// Starts code on the board and hands its standard streams to <paramref name="exchange"/>; when that returns,
    /// waits for the code to end and returns what it printed that the exchange did not read.
    /// </summary>
    /// <param name="code">Python statements that read their standard input.</param>
    /// <param name="exchange">Talks to the running code; it must leave the code ended or about to end.</param>
    /// <param name="cancellationToken">Passed to <paramref name="exchange"/>, which decides how the code stops.</param>
    /// <returns>The rest of the code's output.</returns>
    /// <exception cref="MicroPythonException">The code raised an exception on the board.</exception>
    Task<byte[]> ExecDuplexAsync(string code, Func<IProgramChannel, CancellationToken, Task> exchange, CancellationToken cancellationToken);
}
