using System.Globalization;
using System.Text;

namespace MicroPythonRomfs.Device;

/// <summary>
/// Runs code on a MicroPython board through its raw REPL: enter (interrupt, Ctrl-A, wait for the banner), optional
/// soft reset, exec and eval, exit (Ctrl-B). Code goes in raw-paste mode with the board's window flow control when the
/// board answers <c>R\x01</c>, else through the classic raw REPL. Output is streamed as it arrives; an error printed by
/// the board becomes a <see cref="MicroPythonException"/>. Every wait has a timeout whose message names the port and
/// the step; cancelling a command interrupts the board (Ctrl-C) and leaves the session usable.
/// </summary>
/// <remarks>
/// The session knows only bytes: it never sees a serial port or a socket. One command runs at a time; concurrent
/// calls wait their turn.
/// </remarks>
public sealed partial class RawReplSession : IPythonSession, IDisposable
{
    private const byte CtrlA = 0x01;
    private const byte CtrlB = 0x02;
    private const byte CtrlC = 0x03;
    private const byte CtrlD = 0x04;
    private const byte CtrlE = 0x05;
    private const int ExcerptLength = 96;

    /// <summary>
    /// The most output of one command that is kept (16 MiB): a command whose output nobody streams fails past it,
    /// naming the port; with a callback the output keeps streaming but only this much is kept and returned.
    /// </summary>
    public const int MaxKeptOutput = 16 * 1024 * 1024;

    private const int MaxKeptErrorOutput = 64 * 1024;
    private static readonly TimeSpan SettleQuietTime = TimeSpan.FromMilliseconds(50);

    private static readonly byte[] Banner = Encoding.ASCII.GetBytes("raw REPL; CTRL-B to exit\r\n>");
    private static readonly byte[] BannerAfterTwoBytes = Encoding.ASCII.GetBytes("w REPL; CTRL-B to exit\r\n>");
    private static readonly byte[] SoftRebootLine = Encoding.ASCII.GetBytes("soft reboot\r\n");
    private static readonly byte[] EnterSequence = { (byte)'\r', CtrlC, (byte)'\r', CtrlA };
    private static readonly byte[] InterruptAgainSequence = { (byte)'\r', CtrlC, CtrlC, (byte)'\r', CtrlA };
    private static readonly byte[] RawPasteRequest = { CtrlE, (byte)'A', CtrlA };
    private static readonly byte[] ExitSequence = { (byte)'\r', CtrlB };

    private readonly IDeviceLink _link;
    private readonly bool _ownsLink;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly byte[] _rx = new byte[16384];
    private readonly Queue<byte> _recent = new();
    private int _rxStart;
    private int _rxEnd;
    private bool _atPrompt;
    private bool _needsResync;
    private bool _disposed;
    private long _bytesSent;
    private long _bytesReceived;

    /// <summary>Creates a session over an open link; call <see cref="EnterAsync"/> before running code.</summary>
    /// <param name="link">The link to the board.</param>
    /// <param name="options">Timeouts and protocol choices; defaults when <see langword="null"/>.</param>
    /// <param name="ownsLink">Whether disposing the session disposes the link.</param>
    public RawReplSession(IDeviceLink link, RawReplOptions? options = null, bool ownsLink = true)
    {
        _link = link ?? throw new ArgumentNullException(nameof(link));
        Options = options ?? new RawReplOptions();
        _ownsLink = ownsLink;
    }

    /// <summary>The port, as the link describes it; named in every error.</summary>
    public string Port => _link.Description;

    /// <summary>Bytes sent to the board since the session was created.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Bytes received from the board since the session was created.</summary>
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <summary>The link the session runs over.</summary>
    public IDeviceLink Link => _link;

    /// <summary>The timeouts and protocol choices in force.</summary>
    public RawReplOptions Options { get; }

    /// <summary>Whether the board is in the raw REPL and waiting for a command.</summary>
    public bool IsInRawRepl => _atPrompt && !_needsResync && _link.IsOpen;

    /// <summary>The most bytes that may be in flight to a running program before it reads them, when the link limits it
    /// (<see cref="IBoundedInputLink"/>); <see langword="null"/> when the link holds the host back itself.</summary>
    public int? InputWindow => (_link as IBoundedInputLink)?.BoardInputBuffer;

    /// <summary>Whether the board accepted raw-paste mode: <see langword="null"/> until the first command asks it.</summary>
    public bool? SupportsRawPaste { get; private set; }

    /// <summary>Whether the last command used raw-paste mode.</summary>
    public bool LastCommandUsedRawPaste { get; private set; }

    /// <summary>Interrupts whatever the board runs and enters the raw REPL, optionally with a soft reset first,
    /// as mpremote does before its commands.</summary>
    /// <param name="softReset">Whether to soft-reset the board once in the raw REPL (a clean interpreter state).</param>
    /// <param name="cancellationToken">Abandons the attempt.</param>
    /// <returns>A task that completes when the board shows the raw REPL prompt.</returns>
    /// <exception cref="DeviceTimeoutException">The board did not show the raw REPL banner in time.</exception>
    /// <exception cref="DeviceConnectionException">The link failed.</exception>
    public async Task EnterAsync(bool softReset, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await EnterCoreAsync(cancellationToken).ConfigureAwait(false);
            if (softReset)
            {
                await SoftResetCoreAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Soft-resets the board from the raw REPL (Ctrl-D at the prompt) and waits until it is back at the prompt.</summary>
    /// <param name="cancellationToken">Abandons the wait.</param>
    /// <returns>A task that completes when the board shows the raw REPL prompt again.</returns>
    public async Task SoftResetAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!IsInRawRepl)
            {
                await EnterCoreAsync(cancellationToken).ConfigureAwait(false);
            }

            await SoftResetCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs code and returns what it printed.</summary>
    /// <param name="code">Python source. Build it from fixed snippets and <see cref="PythonCode"/> literals, never
    /// from user text pasted in.</param>
    /// <param name="cancellationToken">Interrupts the board (Ctrl-C) and ends the call with
    /// <see cref="OperationCanceledException"/>; the session stays usable.</param>
    /// <returns>The bytes the code printed.</returns>
    /// <exception cref="MicroPythonException">The code raised an exception on the board.</exception>
    /// <exception cref="DeviceTimeoutException">The board did not answer in time.</exception>
    /// <exception cref="DeviceConnectionException">The link failed.</exception>
    public Task<byte[]> ExecAsync(string code, CancellationToken cancellationToken) => ExecAsync(code, null, cancellationToken);

    /// <summary>Runs code, streaming what it prints as it arrives, and returns all of it.</summary>
    /// <param name="code">Python source.</param>
    /// <param name="output">Receives the printed text, decoded as UTF-8, piece by piece as it arrives (on a worker
    /// thread); may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Interrupts the board and ends the call with <see cref="OperationCanceledException"/>.</param>
    /// <returns>The bytes the code printed.</returns>
    /// <exception cref="MicroPythonException">The code raised an exception on the board.</exception>
    /// <exception cref="DeviceTimeoutException">The board did not answer in time.</exception>
    /// <exception cref="DeviceConnectionException">The link failed.</exception>
    public Task<byte[]> ExecAsync(string code, Action<string>? output, CancellationToken cancellationToken)
    {
        if (code is null)
        {
            throw new ArgumentNullException(nameof(code));
        }

        return ExecAsync(Encoding.UTF8.GetBytes(code), output, cancellationToken);
    }

    /// <summary>Runs code given as UTF-8 bytes, streaming what it prints, and returns all of it.</summary>
    /// <param name="code">Python source as UTF-8.</param>
    /// <param name="output">Receives the printed text piece by piece; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Interrupts the board and ends the call with <see cref="OperationCanceledException"/>.</param>
    /// <returns>The bytes the code printed.</returns>
    /// <exception cref="MicroPythonException">The code raised an exception on the board.</exception>
    /// <exception cref="DeviceTimeoutException">The board did not answer in time.</exception>
    /// <exception cref="DeviceConnectionException">The link failed.</exception>
    public Task<byte[]> ExecAsync(byte[] code, Action<string>? output, CancellationToken cancellationToken) =>
        ExecAsync(code, Options.ExecutionIdleTimeout, output, cancellationToken);

    /// <summary>Runs code with its own limit on how long it may stay silent, streaming what it prints.</summary>
    /// <param name="code">Python source.</param>
    /// <param name="idleTimeout">How long the code may print nothing before the board counts as not answering;
    /// <see cref="Timeout.InfiniteTimeSpan"/> waits for ever.</param>
    /// <param name="output">Receives the printed text piece by piece; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Interrupts the board and ends the call with <see cref="OperationCanceledException"/>.</param>
    /// <returns>The bytes the code printed.</returns>
    /// <exception cref="MicroPythonException">The code raised an exception on the board.</exception>
    /// <exception cref="DeviceTimeoutException">The board did not answer in time.</exception>
    /// <exception cref="DeviceConnectionException">The link failed.</exception>
    public Task<byte[]> ExecAsync(string code, TimeSpan idleTimeout, Action<string>? output, CancellationToken cancellationToken)
    {
        if (code is null)
        {
            throw new ArgumentNullException(nameof(code));
        }

        return ExecAsync(Encoding.UTF8.GetBytes(code), idleTimeout, output, cancellationToken);
    }

    /// <summary>Runs code given as UTF-8 bytes with its own silence limit, streaming what it prints.</summary>
    /// <param name="code">Python source as UTF-8.</param>
    /// <param name="idleTimeout">How long the code may print nothing; <see cref="Timeout.InfiniteTimeSpan"/> waits for ever.</param>
    /// <param name="output">Receives the printed text piece by piece; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Interrupts the board and ends the call with <see cref="OperationCanceledException"/>.</param>
    /// <returns>The bytes the code printed.</returns>
    /// <exception cref="MicroPythonException">The code raised an exception on the board.</exception>
    /// <exception cref="DeviceTimeoutException">The board did not answer in time.</exception>
    /// <exception cref="DeviceConnectionException">The link failed.</exception>
    public async Task<byte[]> ExecAsync(byte[] code, TimeSpan idleTimeout, Action<string>? output, CancellationToken cancellationToken)
    {
        if (code is null)
        {
            throw new ArgumentNullException(nameof(code));
        }

        RejectControlBytes(code);
        ThrowIfDisposed();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!IsInRawRepl)
            {
                await EnterCoreAsync(cancellationToken).ConfigureAwait(false);
            }

            try
            {
                return await ExecCoreAsync(code, idleTimeout, output, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && _link.IsOpen)
            {
                await InterruptAsync().ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Evaluates an expression on the board and reads its <c>repr</c> back as a .NET value
    /// (see <see cref="PythonLiteral"/>).</summary>
    /// <param name="expression">A Python expression, for example <c>os.listdir('/')</c>.</param>
    /// <param name="cancellationToken">Interrupts the board and ends the call with <see cref="OperationCanceledException"/>.</param>
    /// <returns>The value.</returns>
    /// <exception cref="MicroPythonException">The expression raised an exception on the board.</exception>
    /// <exception cref="PythonLiteralException">The result is not plain data (for example a function object).</exception>
    public Task<object?> EvalAsync(string expression, CancellationToken cancellationToken) =>
        EvalAsync(expression, Options.ExecutionIdleTimeout, cancellationToken);

    /// <summary>Evaluates an expression with its own silence limit and reads its <c>repr</c> back as a .NET value.</summary>
    /// <param name="expression">A Python expression.</param>
    /// <param name="idleTimeout">How long the board may take; <see cref="Timeout.InfiniteTimeSpan"/> waits for ever.</param>
    /// <param name="cancellationToken">Interrupts the board and ends the call with <see cref="OperationCanceledException"/>.</param>
    /// <returns>The value.</returns>
    /// <exception cref="MicroPythonException">The expression raised an exception on the board.</exception>
    /// <exception cref="PythonLiteralException">The result is not plain data (for example a function object).</exception>
    public async Task<object?> EvalAsync(string expression, TimeSpan idleTimeout, CancellationToken cancellationToken)
    {
        if (expression is null)
        {
            throw new ArgumentNullException(nameof(expression));
        }

        // A line break before the closing parentheses keeps a trailing comment in the expression from swallowing them.
        var printed = await ExecAsync("print(repr(" + expression + "\n))", idleTimeout, null, cancellationToken).ConfigureAwait(false);
        var text = Encoding.UTF8.GetString(printed).Trim();
        try
        {
            return PythonLiteral.Parse(text);
        }
        catch (PythonLiteralException e)
        {
            var shown = text.Length <= 80 ? text : text.Substring(0, 80) + "...";
            throw new PythonLiteralException($"{Port} printed {shown} for the expression, which is not plain data that can be read back: {e.Message}", e.Offset, e);
        }
    }

    /// <summary>Leaves the raw REPL (Ctrl-B), so the board shows its normal prompt again.</summary>
    /// <param name="cancellationToken">Abandons the call.</param>
    /// <returns>A task that completes when the bytes are sent.</returns>
    public async Task ExitAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await WriteAsync(ExitSequence, cancellationToken).ConfigureAwait(false);
            _atPrompt = false;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Leaves the raw REPL when the link is still open (best effort) and, if the session owns it, closes the link.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            if (_atPrompt && _link.IsOpen)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                if (_link.WriteAsync(ExitSequence, 0, ExitSequence.Length, cts.Token).Wait(TimeSpan.FromSeconds(1)))
                {
                    Interlocked.Add(ref _bytesSent, ExitSequence.Length);
                }
            }
        }
        catch (Exception e) when (e is AggregateException or IOException or OperationCanceledException or TimeoutException)
        {
            // Closing anyway: a board that cannot hear Ctrl-B stays in the raw REPL, which is harmless.
        }

        if (_ownsLink)
        {
            _link.Dispose();
        }
    }

    // The raw REPL reads Ctrl-A to Ctrl-E as commands even in the middle of code: a stray one would cut the code
    // short or interrupt it. Python source never needs them raw; inside strings they are written as escapes.
    private static void RejectControlBytes(byte[] code)
    {
        for (var i = 0; i < code.Length; i++)
        {
            if (code[i] >= CtrlA && code[i] <= CtrlE)
            {
                throw new ArgumentException($"The code holds the control character 0x{code[i]:x2} at byte {i}, which the raw REPL would take as a command. Write it as an escape inside a string, for example '\\x{code[i]:x2}'.", nameof(code));
            }
        }
    }

    private async Task EnterCoreAsync(CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        _atPrompt = false;
        _rxStart = _rxEnd = 0;
        _recent.Clear();

        // Three tries inside one timeout: a program that swallows one KeyboardInterrupt gets a second Ctrl-C.
        var attempts = 3;
        var slice = TimeSpan.FromTicks(Options.ResponseTimeout.Ticks / attempts);
        for (var attempt = 1; ; attempt++)
        {
            await WriteAsync(attempt == 1 ? EnterSequence : InterruptAgainSequence, cancellationToken).ConfigureAwait(false);
            try
            {
                await ReadUntilAsync(Banner, "entering the raw REPL", slice, idle: false, sink: null, cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (DeviceTimeoutException) when (attempt < attempts)
            {
            }
            catch (DeviceTimeoutException)
            {
                throw Timeout("entering the raw REPL", Options.ResponseTimeout);
            }
        }

        await SettleAsync(cancellationToken).ConfigureAwait(false);
        _atPrompt = true;
        _needsResync = false;
    }

    // Bytes already on their way (banners answering earlier Ctrl-A, the end of an interrupted program) would
    // otherwise be read as answers to the next command. Wait until the line is quiet and the last thing seen is
    // the prompt; if more arrived, ask for the banner once more.
    private async Task SettleAsync(CancellationToken cancellationToken)
    {
        for (var round = 0; round < 3; round++)
        {
            var tail = new List<byte>(Banner);
            var extra = 0;
            while (extra < _rx.Length * 4)
            {
                if (_rxStart == _rxEnd)
                {
                    using var quiet = StartTimer(SettleQuietTime, cancellationToken);
                    try
                    {
                        await FillCoreAsync(quiet.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }
                }

                var b = _rx[_rxStart++];
                Remember(b);
                tail.Add(b);
                extra++;
            }

            if (extra == 0 || EndsWith(tail, Banner))
            {
                return;
            }

            await WriteAsync(new[] { (byte)'\r', CtrlA }, cancellationToken).ConfigureAwait(false);
            await ReadUntilAsync(Banner, "entering the raw REPL", Options.ResponseTimeout, idle: false, sink: null, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool EndsWith(List<byte> bytes, byte[] suffix)
    {
        if (bytes.Count < suffix.Length)
        {
            return false;
        }

        for (var i = 0; i < suffix.Length; i++)
        {
            if (bytes[bytes.Count - suffix.Length + i] != suffix[i])
            {
                return false;
            }
        }

        return true;
    }

    private async Task SoftResetCoreAsync(CancellationToken cancellationToken)
    {
        _atPrompt = false;
        await WriteAsync(new[] { CtrlD }, cancellationToken).ConfigureAwait(false);
        if (_link is IReopenableLink { ClosesOnSoftReset: true } reopenable)
        {
            // WebREPL: the reset restarts the board's server and drops the connection before the banner.
            await reopenable.ReopenAsync(cancellationToken).ConfigureAwait(false);
            await EnterCoreAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        // The soft-reboot line and the banner are awaited apart so boot.py may print in between, as mpremote allows.
        await ReadUntilAsync(SoftRebootLine, "soft-resetting", Options.ResponseTimeout, idle: false, sink: null, cancellationToken).ConfigureAwait(false);
        await ReadUntilAsync(Banner, "entering the raw REPL after a soft reset", Options.ResponseTimeout, idle: false, sink: null, cancellationToken).ConfigureAwait(false);
        _atPrompt = true;
    }

    /// <summary>Sends code to run: in raw-paste mode where the board has it, else the classic raw REPL.</summary>
    private async Task SendProgramAsync(byte[] code, CancellationToken cancellationToken)
    {
        // What a timeout message shows is this command's bytes only, never the end of the one before.
        _recent.Clear();
        _atPrompt = false;
        LastCommandUsedRawPaste = false;
        if (Options.UseRawPaste && SupportsRawPaste != false)
        {
            await WriteAsync(RawPasteRequest, cancellationToken).ConfigureAwait(false);
            var answer = await ReadExactlyAsync(2, "starting raw-paste mode", cancellationToken).ConfigureAwait(false);
            if (answer[0] == (byte)'R' && answer[1] == 1)
            {
                SupportsRawPaste = true;
                LastCommandUsedRawPaste = true;
                await SendRawPasteAsync(code, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (!(answer[0] == (byte)'R' && answer[1] == 0))
            {
                // A firmware without raw-paste read Ctrl-A as "reset the raw REPL" and printed the banner again;
                // its first two bytes are already consumed.
                await ReadUntilAsync(BannerAfterTwoBytes, "falling back to the classic raw REPL", Options.ResponseTimeout, idle: false, sink: null, cancellationToken).ConfigureAwait(false);
            }

            SupportsRawPaste = false;
        }

        await SendClassicAsync(code, cancellationToken).ConfigureAwait(false);
    }

    private async Task<byte[]> ExecCoreAsync(byte[] code, TimeSpan idleTimeout, Action<string>? output, CancellationToken cancellationToken)
    {
        await SendProgramAsync(code, cancellationToken).ConfigureAwait(false);
        var stdout = new OutputCollector(output, MaxKeptOutput, keepTail: false, output != null ? null : () =>
        {
            _needsResync = true;
            _atPrompt = false;
            return new DeviceConnectionException(Port, $"{Port} printed more than {MaxKeptOutput} bytes in answer to one command, more than is kept; the board may be flooding the link. The rest was not read.");
        });
        await ReadUntilAsync(new[] { CtrlD }, "running the code", idleTimeout, idle: true, stdout, cancellationToken).ConfigureAwait(false);
        var stderr = new OutputCollector(null, MaxKeptErrorOutput, keepTail: true, null);
        await ReadUntilAsync(new[] { CtrlD }, "reading the error output", Options.ResponseTimeout, idle: true, stderr, cancellationToken).ConfigureAwait(false);
        await ReadUntilAsync(new[] { (byte)'>' }, "waiting for the raw REPL prompt", Options.ResponseTimeout, idle: false, sink: null, cancellationToken).ConfigureAwait(false);
        _atPrompt = true;
        stdout.Flush();

        var result = stdout.ToArray();
        var error = stderr.ToArray();
        if (error.Length > 0)
        {
            throw new MicroPythonException(Port, Encoding.UTF8.GetString(error), Encoding.UTF8.GetString(result));
        }

        return result;
    }

    private async Task SendRawPasteAsync(byte[] code, CancellationToken cancellationToken)
    {
        var header = await ReadExactlyAsync(2, "starting raw-paste mode", cancellationToken).ConfigureAwait(false);
        var window = header[0] | (header[1] << 8);
        if (window == 0)
        {
            throw new DeviceConnectionException(Port, $"{Port} announced a raw-paste window of 0 bytes; the board's firmware is not following the raw-paste protocol.");
        }

        // Receiving the window size means one window is free; every 0x01 after it frees one more.
        long remaining = window;
        var sent = 0;
        while (sent < code.Length)
        {
            while (remaining == 0 || _rxStart < _rxEnd)
            {
                if (_rxStart == _rxEnd)
                {
                    await FillAsync("sending code in raw-paste mode (waiting for the board's flow control)", Options.ResponseTimeout, cancellationToken).ConfigureAwait(false);
                }

                var flow = _rx[_rxStart++];
                Remember(flow);
                if (flow == CtrlA)
                {
                    remaining += window;
                }
                else if (flow == CtrlD)
                {
                    // The board ended the paste early (it hit an error reading the code); acknowledge and read its answer.
                    await WriteAsync(new[] { CtrlD }, cancellationToken).ConfigureAwait(false);
                    return;
                }
                else
                {
                    throw new DeviceConnectionException(Port, $"{Port} sent the unexpected byte 0x{flow:x2} during raw-paste mode; the board's firmware is not following the raw-paste protocol.");
                }
            }

            var count = (int)Math.Min(remaining, code.Length - sent);
            await WriteAsync(code, sent, count, cancellationToken).ConfigureAwait(false);
            sent += count;
            remaining -= count;
        }

        await WriteAsync(new[] { CtrlD }, cancellationToken).ConfigureAwait(false);

        // Window grants may still arrive before the acknowledgement; they are skipped.
        await ReadUntilAsync(new[] { CtrlD }, "waiting for the board to accept the code", Options.ResponseTimeout, idle: false, sink: null, cancellationToken).ConfigureAwait(false);
    }

    private async Task SendClassicAsync(byte[] code, CancellationToken cancellationToken)
    {
        var chunk = Math.Max(1, Options.ClassicChunkSize);
        for (var offset = 0; offset < code.Length; offset += chunk)
        {
            await WriteAsync(code, offset, Math.Min(chunk, code.Length - offset), cancellationToken).ConfigureAwait(false);
            if (Options.ClassicChunkDelay > TimeSpan.Zero)
            {
                await Task.Delay(Options.ClassicChunkDelay, cancellationToken).ConfigureAwait(false);
            }
        }

        await WriteAsync(new[] { CtrlD }, cancellationToken).ConfigureAwait(false);
        var answer = await ReadExactlyAsync(2, "waiting for the board to accept the code", cancellationToken).ConfigureAwait(false);
        if (answer[0] != (byte)'O' || answer[1] != (byte)'K')
        {
            _needsResync = true;
            throw new DeviceConnectionException(Port, $"{Port} did not accept the code in the raw REPL (it answered {Escape(answer, 0, 2)} instead of OK).");
        }
    }

    // After the caller cancelled: stop the board's program and get back to the raw REPL prompt, bounded by the
    // response timeout and independent of the caller's (already cancelled) token.
    private async Task InterruptAsync()
    {
        _needsResync = true;
        try
        {
            using var cts = new CancellationTokenSource(Options.ResponseTimeout);
            await WriteAsync(new[] { CtrlC }, cts.Token).ConfigureAwait(false);
            await EnterCoreAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DeviceTimeoutException or DeviceConnectionException or OperationCanceledException)
        {
            // The session stays marked for resynchronisation; the next command tries again and reports what fails.
        }
    }

    private async Task<byte[]> ReadExactlyAsync(int count, string step, CancellationToken cancellationToken)
    {
        var result = new byte[count];
        var timer = StartTimer(Options.ResponseTimeout, cancellationToken);
        try
        {
            for (var i = 0; i < count; i++)
            {
                if (_rxStart == _rxEnd)
                {
                    await FillCoreAsync(timer.Token).ConfigureAwait(false);
                }

                result[i] = _rx[_rxStart++];
                Remember(result[i]);
            }

            return result;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Timeout(step, Options.ResponseTimeout);
        }
        finally
        {
            timer.Dispose();
        }
    }

    private async Task ReadUntilAsync(byte[] ending, string step, TimeSpan timeout, bool idle, OutputCollector? sink, CancellationToken cancellationToken)
    {
        var timer = StartTimer(timeout, cancellationToken);
        try
        {
            var matched = 0;
            while (true)
            {
                if (_rxStart == _rxEnd)
                {
                    await FillCoreAsync(timer.Token).ConfigureAwait(false);
                    if (idle && timeout != System.Threading.Timeout.InfiniteTimeSpan)
                    {
                        timer.CancelAfter(timeout);
                    }
                }

                if (sink != null && ending.Length == 1)
                {
                    // Output can be large: hand over whole runs of bytes up to the terminator.
                    var end = Array.IndexOf(_rx, ending[0], _rxStart, _rxEnd - _rxStart);
                    var stop = end < 0 ? _rxEnd : end;
                    sink.Add(_rx, _rxStart, stop - _rxStart);
                    for (var i = Math.Max(_rxStart, stop - ExcerptLength); i < stop; i++)
                    {
                        Remember(_rx[i]);
                    }

                    _rxStart = stop;
                    if (end >= 0)
                    {
                        Remember(_rx[_rxStart++]);
                        return;
                    }

                    continue;
                }

                var b = _rx[_rxStart++];
                Remember(b);
                sink?.Add(b);
                if (b == ending[matched])
                {
                    matched++;
                    if (matched == ending.Length)
                    {
                        return;
                    }
                }
                else
                {
                    matched = RestartMatch(ending, matched, b);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Timeout(step, timeout);
        }
        finally
        {
            timer.Dispose();
        }
    }

    // The patterns are short; after a mismatch, find the longest prefix of the pattern that ends the bytes seen.
    private static int RestartMatch(byte[] pattern, int matched, byte b)
    {
        for (var length = matched; length > 0; length--)
        {
            if (pattern[length - 1] != b)
            {
                continue;
            }

            var ok = true;
            for (var i = 0; i < length - 1 && ok; i++)
            {
                ok = pattern[i] == pattern[matched - length + 1 + i];
            }

            if (ok)
            {
                return length;
            }
        }

        return 0;
    }

    private async Task FillAsync(string step, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var timer = StartTimer(timeout, cancellationToken);
        try
        {
            await FillCoreAsync(timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Timeout(step, timeout);
        }
        finally
        {
            timer.Dispose();
        }
    }

    private async Task FillCoreAsync(CancellationToken token)
    {
        _rxStart = 0;
        _rxEnd = 0;
        try
        {
            _rxEnd = await _link.ReadAsync(_rx, 0, _rx.Length, token).ConfigureAwait(false);
            Interlocked.Add(ref _bytesReceived, _rxEnd);
        }
        catch (DeviceConnectionException)
        {
            _needsResync = true;
            _atPrompt = false;
            throw;
        }
    }

    private static CancellationTokenSource StartTimer(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            timer.CancelAfter(timeout);
        }

        return timer;
    }

    private Task WriteAsync(byte[] bytes, CancellationToken cancellationToken) => WriteAsync(bytes, 0, bytes.Length, cancellationToken);

    private async Task WriteAsync(byte[] bytes, int offset, int count, CancellationToken cancellationToken)
    {
        try
        {
            await _link.WriteAsync(bytes, offset, count, cancellationToken).ConfigureAwait(false);
            Interlocked.Add(ref _bytesSent, count);
        }
        catch (DeviceConnectionException)
        {
            _needsResync = true;
            _atPrompt = false;
            throw;
        }
    }

    private DeviceTimeoutException Timeout(string step, TimeSpan timeout)
    {
        _needsResync = true;
        _atPrompt = false;
        var recent = _recent.ToArray();
        return new DeviceTimeoutException(Port, step, timeout, Escape(recent, 0, recent.Length));
    }

    private void Remember(byte b)
    {
        _recent.Enqueue(b);
        if (_recent.Count > ExcerptLength)
        {
            _recent.Dequeue();
        }
    }

    private void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw new ObjectDisposedException(nameof(RawReplSession), $"The session on {Port} is closed.");
        }
    }

    internal static string Escape(byte[] bytes, int offset, int count)
    {
        var builder = new StringBuilder();
        for (var i = offset; i < offset + count; i++)
        {
            var b = bytes[i];
            if (b >= 0x20 && b < 0x7f && b != (byte)'\\')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append("\\x").Append(b.ToString("x2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    // Keeps at most a limit of one command's output: the head (stdout), or the tail (stderr, whose last line names the
    // exception). Past the limit it either throws what the session gives it or, when a callback streams the output,
    // keeps streaming without keeping more.
    private sealed class OutputCollector
    {
        private readonly MemoryStream _bytes = new();
        private readonly Action<string>? _callback;
        private readonly int _limit;
        private readonly bool _keepTail;
        private readonly Func<Exception>? _overflow;
        private readonly Decoder _decoder = new UTF8Encoding(false, false).GetDecoder();
        private readonly char[] _chars = new char[16384 + 4];

        public OutputCollector(Action<string>? callback)
            : this(callback, MaxKeptOutput, keepTail: false, overflow: null)
        {
        }

        public OutputCollector(Action<string>? callback, int limit, bool keepTail, Func<Exception>? overflow)
        {
            _callback = callback;
            _limit = limit;
            _keepTail = keepTail;
            _overflow = overflow;
        }

        public void Add(byte b) => Add(new[] { b }, 0, 1);

        public void Add(byte[] buffer, int offset, int count)
        {
            if (count == 0)
            {
                return;
            }

            Keep(buffer, offset, count);
            if (_callback == null)
            {
                return;
            }

            for (var start = offset; start < offset + count; start += 16384)
            {
                var length = Math.Min(16384, offset + count - start);
                var chars = _decoder.GetChars(buffer, start, length, _chars, 0, flush: false);
                if (chars > 0)
                {
                    _callback(new string(_chars, 0, chars));
                }
            }
        }

        public void Flush()
        {
            if (_callback == null)
            {
                return;
            }

            var chars = _decoder.GetChars(Array.Empty<byte>(), 0, 0, _chars, 0, flush: true);
            if (chars > 0)
            {
                _callback(new string(_chars, 0, chars));
            }
        }

        public byte[] ToArray()
        {
            var all = _bytes.ToArray();
            if (!_keepTail || all.Length <= _limit)
            {
                return all;
            }

            var tail = new byte[_limit];
            Array.Copy(all, all.Length - _limit, tail, 0, _limit);
            return tail;
        }

        private void Keep(byte[] buffer, int offset, int count)
        {
            if (_keepTail)
            {
                _bytes.Write(buffer, offset, count);
                if (_bytes.Length > 2L * _limit)
                {
                    // Amortised: the last _limit bytes move to the front once per _limit bytes received.
                    var all = _bytes.ToArray();
                    _bytes.SetLength(0);
                    _bytes.Write(all, all.Length - _limit, _limit);
                }

                return;
            }

            var room = (int)Math.Max(0, _limit - _bytes.Length);
            if (count > room && _overflow != null)
            {
                throw _overflow();
            }

            _bytes.Write(buffer, offset, Math.Min(count, room));
        }
    }
}
