using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.Tests.Device;

/// <summary>How much of one command's output the session keeps: a flooding board must not exhaust the host's memory.</summary>
public class RawReplSessionOutputCapTests
{
    private static readonly RawReplOptions Options = new() { ResponseTimeout = TimeSpan.FromSeconds(30) };

    private static readonly string Flood = new('x', RawReplSession.MaxKeptOutput + 4096);

    [Fact]
    public async Task Exec_OfOutputBeyondTheCap_FailsNamingThePort_WhenNobodyStreamsIt()
    {
        using var board = new FakeBoardLink(c => c.Contains("flood", StringComparison.Ordinal) ? (Flood, string.Empty) : (string.Empty, string.Empty));
        using var session = new RawReplSession(board, Options, ownsLink: false);
        await session.EnterAsync(softReset: false, CancellationToken.None);

        var error = await Assert.ThrowsAsync<DeviceConnectionException>(() => session.ExecAsync("flood()", CancellationToken.None));

        Assert.Contains("fake0", error.Message);
        Assert.Contains("printed more than", error.Message);
    }

    [Fact]
    public async Task Exec_OfOutputBeyondTheCap_StreamsAllOfItButKeepsOnlyTheCap_WhenACallbackTakesIt()
    {
        using var board = new FakeBoardLink(c => (Flood, string.Empty));
        using var session = new RawReplSession(board, Options, ownsLink: false);
        await session.EnterAsync(softReset: false, CancellationToken.None);
        long streamed = 0;

        var kept = await session.ExecAsync("flood()", text => streamed += text.Length, CancellationToken.None);

        Assert.Equal(Flood.Length, streamed);
        Assert.Equal(RawReplSession.MaxKeptOutput, kept.Length);
    }

    [Fact]
    public async Task Exec_OfAnOverlongTraceback_KeepsItsEndSoTheExceptionIsStillNamed()
    {
        var traceback = "Traceback (most recent call last):\r\n" + string.Concat(Enumerable.Repeat("  File \"<stdin>\", line 1, in <module>\r\n", 10000)) + "ValueError: deep\r\n";
        using var board = new FakeBoardLink(c => (string.Empty, traceback));
        using var session = new RawReplSession(board, Options, ownsLink: false);
        await session.EnterAsync(softReset: false, CancellationToken.None);

        var error = await Assert.ThrowsAsync<MicroPythonException>(() => session.ExecAsync("raise_it()", CancellationToken.None));

        Assert.Equal("ValueError", error.ExceptionName);
        Assert.True(error.Traceback.Length <= 64 * 1024);
    }
}
