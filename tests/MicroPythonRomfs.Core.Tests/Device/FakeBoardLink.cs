using System.Text;
using System.Threading.Channels;
using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.Tests.Device;

/// <summary>
/// An in-memory board that speaks the raw REPL and raw-paste protocols as pyexec.c does, running "code" through a
/// scripted handler. Code "loop" runs until Ctrl-C arrives.
/// </summary>
public sealed class FakeBoardLink : IDeviceLink
{
    public enum PasteSupport
    {
        Supported,
        Refused,
        Unknown,
    }

    private readonly Channel<byte> _toHost = Channel.CreateUnbounded<byte>();
    private readonly StringBuilder _line = new();
    private readonly object _lock = new();
    private readonly Func<string, (string Out, string Err)> _run;
    private readonly int _window;
    private bool _raw;
    private bool _pasting;
    private int _pasteConsumed;
    private bool _looping;
    private bool _closed;

    public FakeBoardLink(Func<string, (string Out, string Err)>? run = null, PasteSupport paste = PasteSupport.Supported, int window = 32)
    {
        _run = run ?? (code => (string.Empty, string.Empty));
        Paste = paste;
        _window = window;
    }

    public PasteSupport Paste { get; }

    public bool Silent { get; set; }

    public int? DropAfterHostBytes { get; set; }

    public List<string> Executed { get; } = new();

    public List<byte> HostBytes { get; } = new();

    public int SoftResets { get; private set; }

    public string Description => "fake0";

    public bool IsOpen => !_closed;

    public async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        try
        {
            var first = await _toHost.Reader.ReadAsync(cancellationToken);
            buffer[offset] = first;
            var n = 1;
            while (n < count && _toHost.Reader.TryRead(out var more))
            {
                buffer[offset + n++] = more;
            }

            return n;
        }
        catch (ChannelClosedException)
        {
            throw new DeviceConnectionException(Description, "fake0 was disconnected.");
        }
    }

    public Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_closed)
            {
                throw new DeviceConnectionException(Description, "fake0 is closed.");
            }

            for (var i = offset; i < offset + count; i++)
            {
                HostBytes.Add(buffer[i]);
                if (DropAfterHostBytes is int limit && HostBytes.Count >= limit)
                {
                    _closed = true;
                    _toHost.Writer.TryComplete();
                    return Task.CompletedTask;
                }

                if (!Silent)
                {
                    Receive(buffer[i]);
                }
            }
        }

        return Task.CompletedTask;
    }

    public void Dispose() => _closed = true;

    private void Send(string text)
    {
        foreach (var c in Encoding.UTF8.GetBytes(text))
        {
            _toHost.Writer.TryWrite(c);
        }
    }

    private void Send(params byte[] bytes)
    {
        foreach (var b in bytes)
        {
            _toHost.Writer.TryWrite(b);
        }
    }

    private void Receive(byte b)
    {
        if (_looping)
        {
            if (b == 0x03)
            {
                _looping = false;
                Send("\x04Traceback (most recent call last):\r\n  File \"<stdin>\", line 1, in <module>\r\nKeyboardInterrupt: \r\n\x04>");
            }

            return;
        }

        if (_pasting)
        {
            if (b == 0x04)
            {
                _pasting = false;
                Send(0x04);
                Execute(_line.ToString());
                return;
            }

            _line.Append((char)b);
            if (++_pasteConsumed % _window == 0)
            {
                Send(0x01);
            }

            return;
        }

        if (!_raw)
        {
            if (b == 0x01)
            {
                _raw = true;
                _line.Clear();
                Send("\r\nraw REPL; CTRL-B to exit\r\n>");
            }

            return;
        }

        switch (b)
        {
            case 0x01:
                if (_line.ToString() == "\u0005A" && Paste != PasteSupport.Unknown)
                {
                    _line.Clear();
                    if (Paste == PasteSupport.Refused)
                    {
                        Send("R\x00");
                        return;
                    }

                    Send((byte)'R', 0x01, (byte)(_window & 0xff), (byte)(_window >> 8), 0x01);
                    _pasting = true;
                    _pasteConsumed = 0;
                    return;
                }

                _line.Clear();
                Send("raw REPL; CTRL-B to exit\r\n>");
                return;
            case 0x02:
                _raw = false;
                Send("\r\nMicroPython fake\r\n>>> ");
                return;
            case 0x03:
                _line.Clear();
                return;
            case 0x04:
                if (_line.Length == 0)
                {
                    SoftResets++;
                    Send("OK\r\nMPY: soft reboot\r\nraw REPL; CTRL-B to exit\r\n>");
                    return;
                }

                Send("OK");
                Execute(_line.ToString());
                return;
            default:
                _line.Append((char)b);
                return;
        }
    }

    private void Execute(string latin1)
    {
        _line.Clear();
        var code = Encoding.UTF8.GetString(latin1.Select(c => (byte)c).ToArray());
        Executed.Add(code);
        if (code == "loop")
        {
            _looping = true;
            Send("tick\r\n");
            return;
        }

        var (output, error) = _run(code);
        Send(output);
        Send(0x04);
        Send(error);
        Send(0x04);
        Send(">");
    }
}
