using System.Text.Json;
using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.Tests.Device;

/// <summary>
/// Replays the device side of a recorded mpremote exchange: each device record is released once the host has sent
/// as many bytes as mpremote had sent before it. Everything the host sends is kept for comparison.
/// </summary>
internal sealed class TranscriptLink : IDeviceLink
{
    private readonly List<(long ReleaseAfter, byte[] Bytes)> _deviceRecords = new();
    private readonly List<byte> _sent = new();
    private readonly Queue<byte> _pending = new();
    private readonly object _lock = new();
    private readonly SemaphoreSlim _signal = new(0);
    private int _nextRecord;

    public TranscriptLink(string jsonlPath)
    {
        long hostBytes = 0;
        var host = new List<byte>();
        foreach (var line in File.ReadLines(jsonlPath))
        {
            if (line.Trim().Length == 0)
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            var bytes = Convert.FromHexString(doc.RootElement.GetProperty("hex").GetString()!);
            if (doc.RootElement.GetProperty("dir").GetString() == "H>D")
            {
                hostBytes += bytes.Length;
                host.AddRange(bytes);
            }
            else
            {
                _deviceRecords.Add((hostBytes, bytes));
            }
        }

        ExpectedHostBytes = host.ToArray();
        Release();
    }

    public byte[] ExpectedHostBytes { get; }

    public string Description => "transcript";

    public bool IsOpen => true;

    public byte[] SentBytes
    {
        get
        {
            lock (_lock)
            {
                return _sent.ToArray();
            }
        }
    }

    public async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        while (true)
        {
            lock (_lock)
            {
                if (_pending.Count > 0)
                {
                    var n = 0;
                    while (n < count && _pending.Count > 0)
                    {
                        buffer[offset + n++] = _pending.Dequeue();
                    }

                    return n;
                }
            }

            await _signal.WaitAsync(cancellationToken);
        }
    }

    public Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _sent.AddRange(buffer.Skip(offset).Take(count));
        }

        Release();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
    }

    private void Release()
    {
        lock (_lock)
        {
            while (_nextRecord < _deviceRecords.Count && _deviceRecords[_nextRecord].ReleaseAfter <= _sent.Count)
            {
                foreach (var b in _deviceRecords[_nextRecord].Bytes)
                {
                    _pending.Enqueue(b);
                }

                _nextRecord++;
            }
        }

        _signal.Release();
    }
}
