namespace MicroPythonRomfs.Device;

/// <summary>Timeouts and protocol choices of a <see cref="RawReplSession"/>.</summary>
public sealed record RawReplOptions
{
    /// <summary>How long each protocol step (entering the raw REPL, a soft reset, the raw-paste handshake, the end of
    /// a command) may wait for the board. 5 s unless set.</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long running code may stay silent before the board counts as not answering. 10 s unless set,
    /// as in mpremote; <see cref="Timeout.InfiniteTimeSpan"/> waits for ever (cancellation still works).</summary>
    public TimeSpan ExecutionIdleTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether to send code in raw-paste mode (window flow control) when the board supports it.
    /// <see langword="false"/> forces the classic raw REPL. <see langword="true"/> unless set.</summary>
    public bool UseRawPaste { get; init; } = true;

    /// <summary>In the classic raw REPL, how many bytes to send before pausing. 256 unless set, as in mpremote.</summary>
    public int ClassicChunkSize { get; init; } = 256;

    /// <summary>In the classic raw REPL, the pause after each chunk, since there is no flow control and a board's
    /// receive buffer is small. 10 ms unless set, as in mpremote.</summary>
    public TimeSpan ClassicChunkDelay { get; init; } = TimeSpan.FromMilliseconds(10);
}
