using System.Runtime.InteropServices;
using System.Security;
using System.Text;

namespace MicroPythonRomfs.Device;

/// <summary>
/// A link to a board's WebREPL server over WiFi (<c>ws://host[:port]</c>, as upstream's <c>extmod/modwebrepl.c</c>
/// and micropython-lib's <c>webrepl.py</c> serve it): a websocket client handshake, the password prompt, then the
/// REPL as a byte stream carried in text frames (the board's WebREPL reads only text frames as REPL input and takes
/// binary frames for its own file protocol). Every byte value passes, so raw-paste and binary transfers work.
/// </summary>
/// <remarks>
/// A soft reset restarts the board's WebREPL server and closes the connection; <see cref="ReopenAsync"/> connects
/// and logs in again. WebREPL serves one client at a time. The password is kept only as a read-only
/// <see cref="SecureString"/> copy and is never part of a message.
/// </remarks>
public sealed class WebReplLink : IReopenableLink, IBoundedInputLink, IFileTransferLink
{
    private const int ConnectAttempts = 5;
    private const int MaxPromptBytes = 4096;
    private static readonly byte[] HeaderEnd = { (byte)'\r', (byte)'\n', (byte)'\r', (byte)'\n' };
    private static readonly TimeSpan MinimumReopenTime = TimeSpan.FromSeconds(10);

    private readonly string _host;
    private readonly int _port;
    private readonly SecureString? _password;
    private readonly TimeSpan _timeout;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly WebSocketFrameEncoder _encoder = new();
    private readonly byte[] _in = new byte[16384];
    private TcpDeviceLink? _transport;
    private int _inStart;
    private int _inEnd;
    private long _payloadRemaining;
    private WebSocketOpcode _payloadOpcode;
    private readonly Queue<byte> _replAside = new();
    private byte[]? _payloadMask;
    private int _maskIndex;
    private volatile bool _closed;
    private bool _disposed;

    private WebReplLink(string host, int port, SecureString? password, TimeSpan timeout)
    {
        _host = host;
        _port = port;
        _timeout = timeout;
        Description = DevicePortName.Parse("ws://" + (host.IndexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port.ToString(System.Globalization.CultureInfo.InvariantCulture)).Path;
        if (password is not null)
        {
            _password = password.Copy();
            _password.MakeReadOnly();
        }
    }

    /// <inheritdoc/>
    public string Description { get; }

    /// <inheritdoc/>
    public bool IsOpen => !_closed && _transport is { IsOpen: true };

    /// <inheritdoc/>
    public bool ClosesOnSoftReset => true;

    /// <summary>
    /// 256: upstream's WebREPL boards (esp32, esp8266) queue WebREPL input in a 260-byte stdin ring and drop what does
    /// not fit, so more bytes in flight than this are lost.
    /// </summary>
    public int BoardInputBuffer => 256;

    /// <summary>Bytes sent on the socket, websocket framing included, since the link was made.</summary>
    public long WireBytesSent { get; private set; }

    /// <summary>Connects to a WebREPL server, completes the websocket handshake and logs in.</summary>
    /// <param name="host">The board's host name or address.</param>
    /// <param name="port">Its WebREPL port (upstream's default is 8266).</param>
    /// <param name="password">The WebREPL password, or <see langword="null"/> for none; the link keeps a copy.</param>
    /// <param name="timeout">How long connecting and each login step may take.</param>
    /// <param name="cancellationToken">Abandons the attempt.</param>
    /// <returns>The open link, at the board's REPL.</returns>
    /// <exception cref="DeviceConnectionException">The board could not be reached or is not a WebREPL server.</exception>
    /// <exception cref="DeviceAuthenticationException">The board refused the password, or asked for one and none was given.</exception>
    /// <exception cref="DeviceTimeoutException">A step took longer than <paramref name="timeout"/>.</exception>
    /// <exception cref="ArgumentException">The password holds a line break, which would end it early.</exception>
    public static async Task<WebReplLink> ConnectAsync(string host, int port, SecureString? password, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (host is null)
        {
            throw new ArgumentNullException(nameof(host));
        }

        RejectLineBreaks(password);
        var link = new WebReplLink(host, port, password, timeout);
        try
        {
            await link.ConnectWithRetriesAsync(ConnectAttempts, timeout, cancellationToken).ConfigureAwait(false);
            return link;
        }
        catch
        {
            link.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public async Task ReopenAsync(CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        await DrainUntilClosedAsync(cancellationToken).ConfigureAwait(false);
        var patience = _timeout > MinimumReopenTime ? _timeout : MinimumReopenTime;
        await ConnectWithRetriesAsync(int.MaxValue, patience, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        TcpDeviceLink.ValidateBuffer(buffer, offset, count);
        if (count == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count), "Read at least one byte.");
        }

        if (_replAside.Count > 0)
        {
            var n = 0;
            while (n < count && _replAside.Count > 0)
            {
                buffer[offset + n++] = _replAside.Dequeue();
            }

            return n;
        }

        while (true)
        {
            ThrowIfClosed();
            if (_payloadRemaining > 0)
            {
                if (_inStart == _inEnd)
                {
                    await FillAsync(cancellationToken).ConfigureAwait(false);
                }

                var n = (int)Math.Min(Math.Min(count, _inEnd - _inStart), _payloadRemaining);
                for (var i = 0; i < n; i++)
                {
                    var b = _in[_inStart + i];
                    buffer[offset + i] = _payloadMask is null ? b : (byte)(b ^ _payloadMask[_maskIndex++ & 3]);
                }

                _inStart += n;
                _payloadRemaining -= n;
                return n;
            }

            await NextDataFrameAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        TcpDeviceLink.ValidateBuffer(buffer, offset, count);
        ThrowIfClosed();
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var sent = 0; sent < count;)
            {
                var chunk = Math.Min(count - sent, WebSocketFrameEncoder.MaxPayload);
                await SendFrameAsync(WebSocketOpcode.Text, buffer, offset + sent, chunk, cancellationToken).ConfigureAwait(false);
                sent += chunk;
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <inheritdoc/>
    public int MaxFileNameLength => 63;

    /// <inheritdoc/>
    public async Task PutFileAsync(string path, byte[] data, int offset, int count, CancellationToken cancellationToken)
    {
        TcpDeviceLink.ValidateBuffer(data, offset, count);
        var name = Encoding.ASCII.GetBytes(path ?? throw new ArgumentNullException(nameof(path)));
        if (name.Length == 0 || name.Length > MaxFileNameLength || path.Any(c => c < ' ' || c > '~'))
        {
            throw new ArgumentException($"'{path}' is not a file name WebREPL takes: printable ASCII, 1 to {MaxFileNameLength} bytes.", nameof(path));
        }

        ThrowIfClosed();

        // modwebrepl.c's request: "WA", type 1 (put), flags, a 64-bit offset (unused), the 32-bit size, the name's
        // length and the name in 64 bytes, little-endian, 82 bytes in all.
        var header = new byte[82];
        header[0] = (byte)'W';
        header[1] = (byte)'A';
        header[2] = 1;
        WriteLittleEndian(header, 12, (uint)count, 4);
        WriteLittleEndian(header, 16, (uint)name.Length, 2);
        Buffer.BlockCopy(name, 0, header, 18, name.Length);
        try
        {
            await SendBinaryAsync(header, 0, header.Length, cancellationToken).ConfigureAwait(false);
            await ReadFileAnswerAsync("opening the file " + path, closeOnRefusal: false, cancellationToken).ConfigureAwait(false);
            for (var sent = 0; sent < count;)
            {
                var chunk = Math.Min(count - sent, 4096);
                await SendBinaryAsync(data, offset + sent, chunk, cancellationToken).ConfigureAwait(false);
                sent += chunk;
            }

            await ReadFileAnswerAsync("writing the file " + path, closeOnRefusal: true, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Half a file is in flight: the board would read the REPL's next bytes as its rest.
            CloseTransport(sayGoodbye: false);
            throw;
        }
    }

    /// <summary>Sends a websocket close frame (best effort) and closes the socket.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        CloseTransport(sayGoodbye: true);
        _password?.Dispose();
        _encoder.Dispose();
    }

    private static void WriteLittleEndian(byte[] buffer, int index, uint value, int length)
    {
        for (var i = 0; i < length; i++)
        {
            buffer[index + i] = (byte)(value >> (8 * i));
        }
    }

    private async Task SendBinaryAsync(byte[] data, int offset, int count, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await SendFrameAsync(WebSocketOpcode.Binary, data, offset, count, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    // Reads the board's "WB" + 16-bit status answer, a binary frame; REPL text that arrives meanwhile is kept for
    // the next ReadAsync.
    private async Task ReadFileAnswerAsync(string step, bool closeOnRefusal, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(_timeout);
        var answer = new List<byte>();
        try
        {
            while (answer.Count < 4)
            {
                ThrowIfClosed();
                if (_payloadRemaining == 0)
                {
                    await NextDataFrameAsync(timer.Token).ConfigureAwait(false);
                    continue;
                }

                if (_inStart == _inEnd)
                {
                    await FillAsync(timer.Token).ConfigureAwait(false);
                }

                var b = _in[_inStart++];
                if (_payloadMask is not null)
                {
                    b ^= _payloadMask[_maskIndex++ & 3];
                }

                _payloadRemaining--;
                if (_payloadOpcode == WebSocketOpcode.Binary)
                {
                    answer.Add(b);
                }
                else if (_replAside.Count < _in.Length)
                {
                    _replAside.Enqueue(b);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            CloseTransport(sayGoodbye: false);
            throw new DeviceTimeoutException(Description, step, _timeout);
        }

        if (answer[0] != (byte)'W' || answer[1] != (byte)'B' || answer[2] != 0 || answer[3] != 0)
        {
            // A refused open leaves the protocol where it was (no data was sent), so the link stays usable.
            if (!closeOnRefusal)
            {
                throw new DeviceConnectionException(Description, $"{Description} refused {step} (WebREPL answered {RawReplSession.Escape(answer.ToArray(), 0, answer.Count)}).");
            }

            throw Fail($"{Description} refused {step} (WebREPL answered {RawReplSession.Escape(answer.ToArray(), 0, answer.Count)}).");
        }
    }

    private static void RejectLineBreaks(SecureString? password)
    {
        var text = Reveal(password);
        try
        {
            if (Array.IndexOf(text, '\r') >= 0 || Array.IndexOf(text, '\n') >= 0)
            {
                throw new ArgumentException("The WebREPL password holds a line break; WebREPL ends the password at the first one.", nameof(password));
            }
        }
        finally
        {
            Array.Clear(text, 0, text.Length);
        }
    }

    private static char[] Reveal(SecureString? secure)
    {
        if (secure is null || secure.Length == 0)
        {
            return Array.Empty<char>();
        }

        var pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
        try
        {
            var chars = new char[secure.Length];
            Marshal.Copy(pointer, chars, 0, chars.Length);
            return chars;
        }
        finally
        {
            Marshal.ZeroFreeGlobalAllocUnicode(pointer);
        }
    }

    private async Task ConnectWithRetriesAsync(int attempts, TimeSpan patience, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ConnectOnceAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (DeviceConnectionException) when (attempt < attempts && DateTime.UtcNow - started < patience)
            {
                // A board that is rebooting refuses connections for a moment, and one whose previous client has
                // just left may not have noticed yet (it turns a second client away at once).
                CloseTransport(sayGoodbye: false);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(100 * attempt, 500)), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task ConnectOnceAsync(CancellationToken cancellationToken)
    {
        CloseTransport(sayGoodbye: false);
        _inStart = _inEnd = 0;
        _payloadRemaining = 0;
        _payloadMask = null;
        try
        {
            _transport = await TcpDeviceLink.ConnectAsync(_host, _port, _timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (DeviceConnectionException e)
        {
            throw Rename(e);
        }
        catch (DeviceTimeoutException)
        {
            throw new DeviceTimeoutException(Description, "connecting", _timeout);
        }

        _closed = false;
        using var step = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        step.CancelAfter(_timeout);
        try
        {
            await HandshakeAsync(step.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DeviceTimeoutException(Description, "opening the websocket", _timeout);
        }

        await LogInAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task HandshakeAsync(CancellationToken cancellationToken)
    {
        var key = WebSocketHandshake.CreateKey();
        var request = WebSocketHandshake.BuildRequest(_host, _port, key);
        await _transport!.WriteAsync(request, 0, request.Length, cancellationToken).ConfigureAwait(false);
        WireBytesSent += request.Length;
        int end;
        while ((end = IndexOf(_in, _inStart, _inEnd, HeaderEnd)) < 0)
        {
            if (_inEnd - _inStart >= WebSocketHandshake.MaxResponseLength)
            {
                throw Fail($"{Description} is not a WebREPL server: its answer to the websocket handshake is longer than {WebSocketHandshake.MaxResponseLength} bytes.");
            }

            try
            {
                await FillAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DeviceConnectionException e) when (!_disposed)
            {
                throw new DeviceConnectionException(Description, $"{Description} closed the connection during the websocket handshake. WebREPL serves one client at a time: another one (a browser tab, another program) may be connected.", e);
            }
        }

        var response = Encoding.ASCII.GetString(_in, _inStart, end - _inStart);
        _inStart = end + HeaderEnd.Length;
        var problem = WebSocketHandshake.Check(response, key);
        if (problem is not null)
        {
            throw Fail($"{Description} is not a WebREPL server: {problem}.");
        }
    }

    private async Task LogInAsync(CancellationToken cancellationToken)
    {
        var seen = new List<byte>();
        await ReadUntilAsync(seen, "Password: ", "waiting for the WebREPL password prompt", passwordSent: false, cancellationToken).ConfigureAwait(false);
        if (_password is null || _password.Length == 0)
        {
            CloseTransport(sayGoodbye: true);
            throw new DeviceAuthenticationException(Description, $"{Description} asks for a WebREPL password and none was given.");
        }

        var chars = Reveal(_password);
        var bytes = new byte[Encoding.UTF8.GetByteCount(chars) + 1];
        try
        {
            Encoding.UTF8.GetBytes(chars, 0, chars.Length, bytes, 0);
            bytes[bytes.Length - 1] = (byte)'\r';
            await WriteAsync(bytes, 0, bytes.Length, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Array.Clear(chars, 0, chars.Length);
            Array.Clear(bytes, 0, bytes.Length);
        }

        seen.Clear();
        await ReadUntilAsync(seen, "WebREPL connected\r\n", "logging in to WebREPL", passwordSent: true, cancellationToken).ConfigureAwait(false);
    }

    // Reads REPL text until it ends with the marker, bounded in size and time; "Access denied" or a close after the
    // password was sent is a refused password.
    private async Task ReadUntilAsync(List<byte> seen, string marker, string step, bool passwordSent, CancellationToken cancellationToken)
    {
        var one = new byte[256];
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(_timeout);
        while (true)
        {
            int n;
            try
            {
                n = await ReadAsync(one, 0, one.Length, timer.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new DeviceTimeoutException(Description, step, _timeout, RawReplSession.Escape(seen.ToArray(), Math.Max(0, seen.Count - 64), Math.Min(64, seen.Count)));
            }
            catch (DeviceConnectionException) when (passwordSent)
            {
                throw Refused();
            }

            seen.AddRange(one.Take(n));
            if (passwordSent && Contains(seen, "Access denied"))
            {
                CloseTransport(sayGoodbye: true);
                throw Refused();
            }

            if (Contains(seen, marker))
            {
                return;
            }

            if (seen.Count > MaxPromptBytes)
            {
                throw Fail($"{Description} did not show {(passwordSent ? "'WebREPL connected'" : "the WebREPL password prompt")} within its first {MaxPromptBytes} bytes; it may not be a WebREPL server.");
            }
        }
    }

    private DeviceAuthenticationException Refused()
    {
        var note = _password is { Length: > 9 } ? " Upstream WebREPL passwords are at most 9 characters; the one given is longer." : string.Empty;
        return new DeviceAuthenticationException(Description, $"{Description} refused the WebREPL password (Access denied).{note}");
    }

    private static bool Contains(List<byte> bytes, string text)
    {
        var target = Encoding.ASCII.GetBytes(text);
        for (var i = 0; i + target.Length <= bytes.Count; i++)
        {
            var match = true;
            for (var j = 0; j < target.Length && match; j++)
            {
                match = bytes[i + j] == target[j];
            }

            if (match)
            {
                return true;
            }
        }

        return false;
    }

    private static int IndexOf(byte[] bytes, int start, int end, byte[] target)
    {
        for (var i = start; i + target.Length <= end; i++)
        {
            var match = true;
            for (var j = 0; j < target.Length && match; j++)
            {
                match = bytes[i + j] == target[j];
            }

            if (match)
            {
                return i;
            }
        }

        return -1;
    }

    // Reads frame headers until a data frame with payload begins; answers pings, ends at a close frame.
    private async Task NextDataFrameAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            WebSocketFrameHeader header;
            try
            {
                if (!WebSocketFrameHeader.TryParse(_in, _inStart, _inEnd - _inStart, out header))
                {
                    await FillAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }
            }
            catch (FormatException e)
            {
                throw Fail($"{Description} sent a malformed websocket frame: {e.Message}");
            }

            if (!header.IsControl)
            {
                _inStart += header.HeaderLength;
                _payloadRemaining = header.PayloadLength;
                if (header.Opcode != WebSocketOpcode.Continuation)
                {
                    _payloadOpcode = header.Opcode;
                }

                _payloadMask = header.Mask;
                _maskIndex = 0;
                if (_payloadRemaining > 0)
                {
                    if (_inStart == _inEnd)
                    {
                        await NudgeAsync(cancellationToken).ConfigureAwait(false);
                    }

                    return;
                }

                continue;
            }

            var total = header.HeaderLength + (int)header.PayloadLength;
            while (_inEnd - _inStart < total)
            {
                await FillAsync(cancellationToken).ConfigureAwait(false);
            }

            var payload = new byte[header.PayloadLength];
            for (var i = 0; i < payload.Length; i++)
            {
                var b = _in[_inStart + header.HeaderLength + i];
                payload[i] = header.Mask is null ? b : (byte)(b ^ header.Mask[i & 3]);
            }

            _inStart += total;
            switch (header.Opcode)
            {
                case WebSocketOpcode.Close:
                    CloseTransport(sayGoodbye: true);
                    throw new DeviceConnectionException(Description, $"{Description} closed the connection.");
                case WebSocketOpcode.Ping:
                    await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
                    try
                    {
                        await SendFrameAsync(WebSocketOpcode.Pong, payload, 0, payload.Length, cancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        _writeGate.Release();
                    }

                    break;
            }
        }
    }

    // Upstream's websocket writes a frame's header and its payload separately on a socket that keeps Nagle's algorithm
    // on, so the payload waits until the header is acknowledged, and hosts delay acknowledgements (40 ms on Linux, up
    // to 200 ms on Windows): every answer from the board would stall that long. An empty pong (which the board
    // ignores) sent when a header arrives alone carries the acknowledgement at once. Skipped while a write is under
    // way: that write carries it.
    private async Task NudgeAsync(CancellationToken cancellationToken)
    {
        if (!await _writeGate.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            await SendFrameAsync(WebSocketOpcode.Pong, Array.Empty<byte>(), 0, 0, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        if (_inStart == _inEnd)
        {
            _inStart = _inEnd = 0;
        }
        else if (_inEnd == _in.Length)
        {
            Buffer.BlockCopy(_in, _inStart, _in, 0, _inEnd - _inStart);
            _inEnd -= _inStart;
            _inStart = 0;
        }

        try
        {
            _inEnd += await _transport!.ReadAsync(_in, _inEnd, _in.Length - _inEnd, cancellationToken).ConfigureAwait(false);
        }
        catch (DeviceConnectionException e)
        {
            _closed = true;
            throw Rename(e);
        }
    }

    private async Task SendFrameAsync(WebSocketOpcode opcode, byte[] payload, int offset, int count, CancellationToken cancellationToken)
    {
        var frame = _encoder.Encode(opcode, payload, offset, count);
        try
        {
            await _transport!.WriteAsync(frame, 0, frame.Length, cancellationToken).ConfigureAwait(false);
            WireBytesSent += frame.Length;
        }
        catch (DeviceConnectionException e)
        {
            _closed = true;
            throw Rename(e);
        }
        finally
        {
            Array.Clear(frame, 0, frame.Length);
        }
    }

    // After a soft reset the board closes the socket once its REPL has said "OK"; whatever arrives until then is
    // the old session's and is dropped. A board that keeps the connection open is closed from this end.
    private async Task DrainUntilClosedAsync(CancellationToken cancellationToken)
    {
        var scratch = new byte[1024];
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(_timeout);
        try
        {
            while (IsOpen)
            {
                await ReadAsync(scratch, 0, scratch.Length, timer.Token).ConfigureAwait(false);
            }
        }
        catch (DeviceConnectionException)
        {
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }

        CloseTransport(sayGoodbye: false);
    }

    private void CloseTransport(bool sayGoodbye)
    {
        _closed = true;
        var transport = _transport;
        if (transport is null)
        {
            return;
        }

        if (sayGoodbye && transport.IsOpen)
        {
            try
            {
                var status = new byte[] { 0x03, 0xE8 };
                var frame = _encoder.Encode(WebSocketOpcode.Close, status, 0, status.Length);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                transport.WriteAsync(frame, 0, frame.Length, cts.Token).Wait(TimeSpan.FromSeconds(1));
            }
            catch (Exception e) when (e is AggregateException or IOException or OperationCanceledException or ObjectDisposedException)
            {
                // Closing anyway.
            }
        }

        transport.Dispose();
    }

    private DeviceConnectionException Fail(string message)
    {
        CloseTransport(sayGoodbye: false);
        return new DeviceConnectionException(Description, message);
    }

    private DeviceConnectionException Rename(DeviceConnectionException e) =>
        new(Description, e.Message.Replace(e.Port, Description), e);

    private void ThrowIfClosed()
    {
        ThrowIfDisposed();
        if (_closed)
        {
            throw new DeviceConnectionException(Description, $"The connection to {Description} is closed.");
        }
    }

    private void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw new ObjectDisposedException(nameof(WebReplLink), $"The link to {Description} has been closed.");
        }
    }
}
