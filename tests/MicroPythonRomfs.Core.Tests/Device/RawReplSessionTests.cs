using System.Text;
using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.Tests.Device;

public class RawReplSessionTests
{
    private static readonly RawReplOptions Fast = new() { ResponseTimeout = TimeSpan.FromSeconds(2), ExecutionIdleTimeout = TimeSpan.FromSeconds(2), ClassicChunkDelay = TimeSpan.Zero };

    [Fact]
    public async Task Exec_SendsLongCodeWithinTheBoardsWindow_AndStreamsOutput()
    {
        var code = "x = '" + new string('a', 1000) + "'\nprint(len(x))";
        using var board = new FakeBoardLink(c => ("1000\r\n", string.Empty), window: 32);
        using var session = new RawReplSession(board, Fast, ownsLink: false);
        await session.EnterAsync(softReset: true, CancellationToken.None);
        var streamed = new StringBuilder();

        var output = await session.ExecAsync(code, s => streamed.Append(s), CancellationToken.None);

        Assert.Equal("1000\r\n", Encoding.UTF8.GetString(output));
        Assert.Equal("1000\r\n", streamed.ToString());
        Assert.Equal(code, board.Executed.Single());
        Assert.True(session.LastCommandUsedRawPaste);
        Assert.Equal(1, board.SoftResets);
    }

    [Fact]
    public async Task Exec_UsesTheClassicRawRepl_WhenRawPasteIsForcedOff()
    {
        using var board = new FakeBoardLink(c => ("ok\r\n", string.Empty));
        using var session = new RawReplSession(board, Fast with { UseRawPaste = false, ClassicChunkSize = 7 }, ownsLink: false);
        await session.EnterAsync(softReset: false, CancellationToken.None);

        Assert.Equal("ok\r\n", Encoding.UTF8.GetString(await session.ExecAsync("print('ok')", CancellationToken.None)));
        Assert.False(session.LastCommandUsedRawPaste);
        Assert.DoesNotContain((byte)0x05, board.HostBytes);
    }

    [Theory]
    [InlineData(FakeBoardLink.PasteSupport.Refused)]
    [InlineData(FakeBoardLink.PasteSupport.Unknown)]
    public async Task Exec_FallsBackToTheClassicRawRepl_WhenTheBoardHasNoRawPaste(FakeBoardLink.PasteSupport support)
    {
        using var board = new FakeBoardLink(c => (c.Length + "\r\n", string.Empty), support);
        using var session = new RawReplSession(board, Fast, ownsLink: false);
        await session.EnterAsync(softReset: false, CancellationToken.None);

        Assert.Equal("5\r\n", Encoding.UTF8.GetString(await session.ExecAsync("x=1+1", CancellationToken.None)));
        Assert.Equal("3\r\n", Encoding.UTF8.GetString(await session.ExecAsync("y=2", CancellationToken.None)));
        Assert.False(session.SupportsRawPaste);
        Assert.Equal(new[] { "x=1+1", "y=2" }, board.Executed);
    }

    [Fact]
    public async Task Exec_TurnsABoardTracebackIntoAMicroPythonException()
    {
        const string traceback = "Traceback (most recent call last):\r\n  File \"<stdin>\", line 1, in <module>\r\nOSError: [Errno 2] ENOENT\r\n";
        using var board = new FakeBoardLink(c => ("before\r\n", traceback));
        using var session = new RawReplSession(board, Fast, ownsLink: false);
        await session.EnterAsync(softReset: false, CancellationToken.None);

        var error = await Assert.ThrowsAsync<MicroPythonException>(() => session.ExecAsync("open('/nope')", CancellationToken.None));

        Assert.Equal("OSError", error.ExceptionName);
        Assert.Equal("[Errno 2] ENOENT", error.ExceptionMessage);
        Assert.Equal(traceback, error.Traceback);
        Assert.Equal("before\r\n", error.Output);
        Assert.Equal("fake0", error.Port);
        Assert.Contains("OSError: [Errno 2] ENOENT", error.Message);
        Assert.True(session.IsInRawRepl);
    }

    [Fact]
    public async Task Eval_ParsesTheReprOfTheResult()
    {
        using var board = new FakeBoardLink(c => c.StartsWith("print(repr(1+1", StringComparison.Ordinal) ? ("2\r\n", string.Empty) : ("{'a': [1, 2.5, None]}\r\n", string.Empty));
        using var session = new RawReplSession(board, Fast, ownsLink: false);
        await session.EnterAsync(softReset: false, CancellationToken.None);

        Assert.Equal(2L, await session.EvalAsync("1+1", CancellationToken.None));
        var dict = Assert.IsType<Dictionary<object, object?>>(await session.EvalAsync("d", CancellationToken.None));
        Assert.Equal(new List<object?> { 1L, 2.5, null }, dict["a"]);
    }

    [Fact]
    public async Task Eval_NamesThePortAndShowsTheText_WhenTheResultIsNotPlainData()
    {
        using var board = new FakeBoardLink(c => ("<Pin(2)>\r\n", string.Empty));
        using var session = new RawReplSession(board, Fast, ownsLink: false);
        await session.EnterAsync(softReset: false, CancellationToken.None);

        var error = await Assert.ThrowsAsync<PythonLiteralException>(() => session.EvalAsync("machine.Pin(2)", CancellationToken.None));

        Assert.Equal("fake0 printed <Pin(2)> for the expression, which is not plain data that can be read back: Unexpected '<' where a value was expected at offset 0.", error.Message);
        Assert.Equal(0, error.Offset);
        Assert.True(session.IsInRawRepl);
    }

    [Fact]
    public async Task Exec_WhenCancelled_InterruptsTheBoard_AndTheSessionStaysUsable()
    {
        using var board = new FakeBoardLink(c => ("done\r\n", string.Empty));
        using var session = new RawReplSession(board, Fast with { ExecutionIdleTimeout = Timeout.InfiniteTimeSpan }, ownsLink: false);
        await session.EnterAsync(softReset: false, CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var streamed = new StringBuilder();

        var running = session.ExecAsync("loop", s => { lock (streamed) { streamed.Append(s); } if (s.Contains("tick")) cts.CancelAfter(50); }, cts.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.Contains((byte)0x03, board.HostBytes);
        Assert.Equal("done\r\n", Encoding.UTF8.GetString(await session.ExecAsync("print('done')", CancellationToken.None)));
    }

    [Fact]
    public async Task Enter_NamesThePortAndTheStep_WhenTheBoardDoesNotAnswer()
    {
        using var board = new FakeBoardLink { Silent = true };
        using var session = new RawReplSession(board, Fast with { ResponseTimeout = TimeSpan.FromMilliseconds(300) }, ownsLink: false);

        var error = await Assert.ThrowsAsync<DeviceTimeoutException>(() => session.EnterAsync(softReset: false, CancellationToken.None));

        Assert.Equal("fake0 did not answer within 0.3 s while entering the raw REPL.", error.Message);
        Assert.Equal("entering the raw REPL", error.Step);
        Assert.Equal("fake0", error.Port);
        Assert.Equal(3, board.HostBytes.Count(b => b == 0x01));
    }

    [Fact]
    public async Task Exec_TimeoutMessage_ShowsNoBytesLeftOverFromThePreviousCommand()
    {
        using var board = new FakeBoardLink(c => c == "loop" ? (string.Empty, string.Empty) : ("previous-answer\r\n", string.Empty));
        using var session = new RawReplSession(board, Fast with { ExecutionIdleTimeout = TimeSpan.FromMilliseconds(300) }, ownsLink: false);
        await session.EnterAsync(softReset: false, CancellationToken.None);
        await session.ExecAsync("print('previous-answer')", CancellationToken.None);

        var error = await Assert.ThrowsAsync<DeviceTimeoutException>(() => session.ExecAsync("loop", CancellationToken.None));

        Assert.DoesNotContain("previous-answer", error.Message);
    }

    [Fact]
    public async Task Exec_ReportsATimeout_WhenRunningCodeFallsSilent()
    {
        using var board = new FakeBoardLink();
        using var session = new RawReplSession(board, Fast with { ExecutionIdleTimeout = TimeSpan.FromMilliseconds(300) }, ownsLink: false);
        await session.EnterAsync(softReset: false, CancellationToken.None);

        var error = await Assert.ThrowsAsync<DeviceTimeoutException>(() => session.ExecAsync("loop", CancellationToken.None));
        Assert.Equal("running the code", error.Step);
        Assert.Contains("Last bytes received: ", error.Message);
        Assert.Contains("tick", error.Message);
        Assert.False(session.IsInRawRepl);

        // The next command resynchronises first (Ctrl-C, Ctrl-A), so the board is usable again.
        Assert.Empty(await session.ExecAsync("pass", CancellationToken.None));
    }

    [Fact]
    public async Task Exec_ReportsTheDroppedConnection_NamingThePort()
    {
        using var board = new FakeBoardLink();
        using var session = new RawReplSession(board, Fast, ownsLink: false);
        await session.EnterAsync(softReset: false, CancellationToken.None);
        board.DropAfterHostBytes = board.HostBytes.Count + 10;

        var error = await Assert.ThrowsAsync<DeviceConnectionException>(() => session.ExecAsync("print('a long enough statement')", CancellationToken.None));
        Assert.Equal("fake0", error.Port);
        Assert.False(session.IsInRawRepl);
    }

    [Fact]
    public async Task SoftReset_ReturnsToTheRawReplPrompt()
    {
        using var board = new FakeBoardLink(c => ("1\r\n", string.Empty));
        using var session = new RawReplSession(board, Fast, ownsLink: false);
        await session.EnterAsync(softReset: false, CancellationToken.None);
        await session.SoftResetAsync(CancellationToken.None);
        Assert.Equal(1, board.SoftResets);
        Assert.Equal(1L, await session.EvalAsync("1", CancellationToken.None));
    }

    [Fact]
    public async Task Exec_RefusesCodeHoldingRawReplControlCharacters_BeforeSendingAnything()
    {
        using var board = new FakeBoardLink();
        using var session = new RawReplSession(board, Fast, ownsLink: false);
        await session.EnterAsync(softReset: false, CancellationToken.None);
        var sent = board.HostBytes.Count;

        var error = await Assert.ThrowsAsync<ArgumentException>(() => session.ExecAsync("print('a\u0004b')", CancellationToken.None));

        Assert.Contains("0x04 at byte 8", error.Message);
        Assert.Contains("'\\x04'", error.Message);
        Assert.Equal(sent, board.HostBytes.Count);
        Assert.True(session.IsInRawRepl);
    }

    [Fact]
    public void MicroPythonException_ReadsNameAndMessage_FromTheLastLine()
    {
        var bare = new MicroPythonException("COM3", "Traceback (most recent call last):\r\n  File \"<stdin>\", line 1\r\nKeyboardInterrupt: \r\n");
        Assert.Equal("KeyboardInterrupt", bare.ExceptionName);
        Assert.Equal(string.Empty, bare.ExceptionMessage);
        Assert.Equal("KeyboardInterrupt (raised on COM3)", bare.Message);
        var noName = new MicroPythonException("COM3", "something odd happened\r\n");
        Assert.Equal("Error", noName.ExceptionName);
    }
}
