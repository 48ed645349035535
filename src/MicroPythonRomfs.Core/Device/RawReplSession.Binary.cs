using System.Text;

namespace MicroPythonRomfs.Device;

public sealed partial class RawReplSession : IDuplexPythonSession
{
    /// <inheritdoc/>
    public async Task<byte[]> ExecDuplexAsync(string code, Func<IProgramChannel, CancellationToken, Task> exchange, CancellationToken cancellationToken)
    {
        if (code is null)
        {
            throw new ArgumentNullException(nameof(code));
        }

        if (exchange is null)
        {
            throw new ArgumentNullException(nameof(exchange));
        }

        ThrowIfDisposed();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!IsInRawRepl)
            {
                await EnterCoreAsync(cancellationToken).ConfigureAwait(false);
            }

            await SendProgramAsync(Encoding.UTF8.GetBytes(code), cancellationToken).ConfigureAwait(false);
            var channel = new ProgramChannel(this);
            try
            {
                await exchange(channel, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (channel.HasEnded)
            {
                // The exchange stopped the program before failing: get back to the prompt so the session stays usable.
                try
                {
                    await FinishProgramAsync(channel, Options.ResponseTimeout, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e) when (e is MicroPythonException or DeviceTimeoutException)
                {
                }

                // Bytes the exchange sent after the program stopped reading may sit in the raw REPL's line buffer.
                _needsResync = true;
                throw;
            }
            catch (Exception)
            {
                _needsResync = true;
                _atPrompt = false;
                throw;
            }

            return await FinishProgramAsync(channel, Options.ExecutionIdleTimeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<byte[]> FinishProgramAsync(ProgramChannel channel, TimeSpan idleTimeout, CancellationToken cancellationToken)
    {
        var stdout = new OutputCollector(null);
        if (!channel.HasEnded)
        {
            await ReadUntilAsync(new[] { CtrlD }, "running the code", idleTimeout, idle: true, stdout, cancellationToken).ConfigureAwait(false);
        }

        var stderr = new OutputCollector(null);
        await ReadUntilAsync(new[] { CtrlD }, "reading the error output", Options.ResponseTimeout, idle: true, stderr, cancellationToken).ConfigureAwait(false);
        await ReadUntilAsync(new[] { (byte)'>' }, "waiting for the raw REPL prompt", Options.ResponseTimeout, idle: false, sink: null, cancellationToken).ConfigureAwait(false);
        _atPrompt = true;
        _needsResync = false;
        stdout.Flush();
        var error = stderr.ToArray();
        if (error.Length > 0)
        {
            throw new MicroPythonException(Port, Encoding.UTF8.GetString(error), Encoding.UTF8.GetString(stdout.ToArray()));
        }

        return stdout.ToArray();
    }

    private sealed class ProgramChannel : IProgramChannel
    {
        private readonly RawReplSession _session;

        public ProgramChannel(RawReplSession session) => _session = session;

        public bool HasEnded { get; private set; }

        public Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            _session.WriteAsync(buffer, offset, count, cancellationToken);

        public async Task<int> ReadAsync(byte[] buffer, int offset, int count, TimeSpan timeout, CancellationToken cancellationToken)
        {
            if (HasEnded)
            {
                return 0;
            }

            var s = _session;
            if (s._rxStart == s._rxEnd)
            {
                await s.FillAsync("exchanging data with the running code", timeout, cancellationToken).ConfigureAwait(false);
            }

            var end = Array.IndexOf(s._rx, CtrlD, s._rxStart, s._rxEnd - s._rxStart);
            if (end == s._rxStart)
            {
                s.Remember(s._rx[s._rxStart++]);
                HasEnded = true;
                return 0;
            }

            var n = Math.Min(count, (end < 0 ? s._rxEnd : end) - s._rxStart);
            Array.Copy(s._rx, s._rxStart, buffer, offset, n);
            for (var i = 0; i < n; i++)
            {
                s.Remember(s._rx[s._rxStart + i]);
            }

            s._rxStart += n;
            return n;
        }
    }
}
