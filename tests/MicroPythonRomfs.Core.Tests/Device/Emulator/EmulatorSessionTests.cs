using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using System.Runtime.InteropServices;
using System.Text;
using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.Tests.Device.Emulator;

/// <summary>
/// The device layer against a board: the emulator (a real MicroPython interpreter) or upstream firmware (the rig).
/// Each test starts its own board; the subclasses run every test on both kinds, over TCP and over a pseudo-terminal
/// (the POSIX serial link).
/// </summary>
public abstract class EmulatorSessionTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(60);

    protected abstract BoardKind Kind { get; }

    protected abstract Task<TestBoard> StartAsync(params string[] arguments);

    [Fact]
    public async Task Connect_ReadsTheBoardsFacts()
    {
        using var board = await StartAsync();
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, Token());

        Assert.True(device.IsConnected);
        Assert.Equal(board.Port, device.Port);
        Assert.Equal("micropython", device.Info.ImplementationName);
        Assert.Equal(board.Kind == BoardKind.Emulator ? "webassembly" : "linux", device.Platform);
        Assert.Equal("6.3", device.MpyVersion);
        Assert.Equal(board.Kind == BoardKind.Emulator ? "none" : "x64", device.MpyArchitecture);
        Assert.Equal(2, device.RomfsPartitionCount);
        Assert.True(device.Info.HasRomIoctl);
        if (board.Kind == BoardKind.Emulator)
        {
            Assert.Matches("^[0-9a-f]+$", device.UniqueId);
        }
        else
        {
            // The unix port has no machine.unique_id: the board has no ID to give.
            Assert.Null(device.UniqueId);
        }

        Assert.Matches(@"^\d+\.\d+\.\d+", device.FirmwareVersion);
    }

    [Fact]
    public async Task Exec_StreamsOutputAsItArrives()
    {
        using var board = await StartAsync();
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, Token());
        var pieces = new List<string>();

        var output = await device.Session.ExecAsync("import time\nfor i in range(3):\n print('tick', i)\n time.sleep_ms(300)", s => { lock (pieces) { pieces.Add(s); } }, Token());

        Assert.Equal("tick 0\r\ntick 1\r\ntick 2\r\n", Encoding.UTF8.GetString(output));
        Assert.True(pieces.Count >= 2, "the output should arrive in several pieces, got " + pieces.Count);
        Assert.Equal("tick 0\r\ntick 1\r\ntick 2\r\n", string.Concat(pieces));
    }

    [Fact]
    public async Task Eval_ReadsEveryLiteralKind()
    {
        using var board = await StartAsync();
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, Token());
        var session = device.Session;

        Assert.Equal(42L, await session.EvalAsync("6*7", Token()));
        Assert.Equal(-BigInteger.Pow(2, 100), await session.EvalAsync("-2**100", Token()));
        Assert.Equal(0.1, await session.EvalAsync("0.1", Token()));
        Assert.Equal(1e300, await session.EvalAsync("1e300", Token()));
        Assert.Equal(double.NegativeInfinity, await session.EvalAsync("float('-inf')", Token()));
        Assert.True(double.IsNaN((double)(await session.EvalAsync("float('nan')", Token()))!));
        Assert.Equal(true, await session.EvalAsync("1 < 2", Token()));
        Assert.Null(await session.EvalAsync("None", Token()));
        Assert.Equal("q'\"\\\n\r\t\0\u007f\u00e9\u20ac\U0001F600", await session.EvalAsync("'q\\'\"\\\\\\n\\r\\t\\x00\\x7f\\xe9\\u20ac\\U0001f600'", Token()));
        Assert.Equal(new byte[] { 0, 0xff, (byte)'\'', (byte)'"', 10 }, await session.EvalAsync("b'\\x00\\xff\\'\"\\n'", Token()));
        Assert.Equal(new byte[] { 1, 2 }, await session.EvalAsync("bytearray(b'\\x01\\x02')", Token()));
        Assert.Equal(new object?[] { 1L, new object?[] { 2L }, new object?[0] }, await session.EvalAsync("(1, (2,), ())", Token()));
        Assert.Equal(new List<object?> { 1L, "a", null }, await session.EvalAsync("[1, 'a', None]", Token()));
        var dict = Assert.IsType<Dictionary<object, object?>>(await session.EvalAsync("{'k': [1], 2: (3,)}", Token()));
        Assert.Equal(new List<object?> { 1L }, dict["k"]);
        Assert.Equal(new object?[] { 3L }, dict[2L]);
        Assert.True(Assert.IsType<HashSet<object>>(await session.EvalAsync("{1, 2, 3}", Token())).SetEquals(new object[] { 1L, 2L, 3L }));
        Assert.Empty(Assert.IsType<HashSet<object>>(await session.EvalAsync("set()", Token())));
        Assert.Equal(3L, await session.EvalAsync("1 + 2 # a comment", Token()));
    }

    [Fact]
    public async Task PythonCodeLiterals_ReachTheBoardUnchanged_ForHostileText()
    {
        using var board = await StartAsync();
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, Token());
        var texts = new[]
        {
            "it's \"quoted\"", "back\\slash\\", "line\nbreak\r\n", "nul\0", "ctrl \u0001\u0002\u0003\u0004\u0005 end",
            "'); import os; print('pwned'); ('", "café/日本語/😀.py", "\u007f",
        };

        foreach (var text in texts)
        {
            Assert.Equal(text, await device.Session.EvalAsync(PythonCode.Literal(text), Token()));
        }

        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        Assert.Equal(bytes, await device.Session.EvalAsync(PythonCode.Literal(bytes), Token()));
        Assert.Equal(6L, await device.Session.EvalAsync(PythonCode.Format($"len({"a'b\"c\\"})"), Token()));
    }

    [Fact]
    public async Task Eval_GivesBackGeneratedValues_SentAsPythonCodeLiterals()
    {
        using var board = await StartAsync();
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, Token());

        // Board and host disagree on nothing: what the host encodes, the board evaluates, prints with repr, and the
        // host parses back to an equal value (floats exactly, ints of any size, every character).
        Prop.ForAll(PythonLiteralRoundTripTests.ValueGen(2).ToArbitrary(), value =>
        {
            var back = device.Session.EvalAsync(PythonCode.Literal(value), Token()).GetAwaiter().GetResult();
            return PythonValueComparer.Instance.Equals(value, back);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(60));
    }

    [Fact]
    public async Task Exec_SendsLargeCode_WithRawPasteAndWithTheClassicRawRepl()
    {
        using var board = await StartAsync("--paste-window", "64");
        var code = "data = '" + new string('x', 5000) + "'\nprint(len(data))";

        using (var paste = await MicroPythonDevice.ConnectAsync(board.Port, null, Token()))
        {
            Assert.Equal("5000\r\n", Encoding.UTF8.GetString(await paste.Session.ExecAsync(code, Token())));
            Assert.True(paste.Session.LastCommandUsedRawPaste);
            Assert.True(paste.Session.SupportsRawPaste);
        }

        using var classic = await MicroPythonDevice.ConnectAsync(board.Port, new DeviceConnectionOptions { UseRawPaste = false }, Token());
        Assert.Equal("5000\r\n", Encoding.UTF8.GetString(await classic.Session.ExecAsync(code, Token())));
        Assert.False(classic.Session.LastCommandUsedRawPaste);
        Assert.Null(classic.Session.SupportsRawPaste);
    }

    [Fact]
    public async Task Exec_RaisesMicroPythonException_ForABoardTraceback()
    {
        using var board = await StartAsync();
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, Token());

        var error = await Assert.ThrowsAsync<MicroPythonException>(() => device.Session.ExecAsync("print('partial')\nraise ValueError('bad value: ' + str(42))", Token()));

        Assert.Equal("ValueError", error.ExceptionName);
        Assert.Equal("bad value: 42", error.ExceptionMessage);
        Assert.Contains("Traceback (most recent call last)", error.Traceback);
        Assert.Equal("partial\r\n", error.Output);
        Assert.Equal(board.Port, error.Port);

        var missing = await Assert.ThrowsAsync<MicroPythonException>(() => device.Session.ExecAsync("open('/no/such/file')", Token()));
        Assert.Equal("OSError", missing.ExceptionName);
        Assert.Equal(5L, await device.Session.EvalAsync("2+3", Token()));
    }

    [Fact]
    public async Task Exec_InterruptsARunawayLoop_WhenCancelled_AndTheSessionStaysUsable()
    {
        using var board = await StartAsync();
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, Token());
        using var cancel = new CancellationTokenSource();

        // The emulator delivers no output while the VM spins, so the test cancels after a fixed while instead of on a print.
        var running = device.Session.ExecAsync("while True:\n pass", Timeout.InfiniteTimeSpan, null, cancel.Token);
        cancel.CancelAfter(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.Equal(4L, await device.Session.EvalAsync("2*2", Token()));
    }

    [Fact]
    public async Task Session_NamesThePortAndTheStep_WhenTheBoardStopsAnswering()
    {
        using var board = await StartAsync();
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, new DeviceConnectionOptions { Timeout = TimeSpan.FromSeconds(1) }, Token());

        // A frozen board (SIGSTOP) keeps the port open but answers nothing, like a board stuck in C code.
        board.Suspend();
        try
        {
            var atPrompt = await Assert.ThrowsAsync<DeviceTimeoutException>(() => device.Session.ExecAsync("print(1)", Token()));
            Assert.Equal($"{board.Port} did not answer within 1 s while starting raw-paste mode.", atPrompt.Message.Split(" Last bytes")[0]);
            Assert.Equal(board.Port, atPrompt.Port);

            var resync = await Assert.ThrowsAsync<DeviceTimeoutException>(() => device.Session.ExecAsync("print(1)", Token()));
            Assert.Equal("entering the raw REPL", resync.Step);
            Assert.StartsWith($"{board.Port} did not answer within 1 s while entering the raw REPL.", resync.Message);
        }
        finally
        {
            board.Resume();
        }

        Assert.Equal(9L, await device.Session.EvalAsync("3*3", Token()));
    }

    [Fact]
    public async Task Exec_ReportsTheConnectionDroppedMidCommand()
    {
        // Connecting sends under 600 bytes (Ctrl-C, Ctrl-A, the soft reset, the probe); the emulator drops the line
        // when it has received 2000, in the middle of the 4000-byte command. Upstream firmware drops nothing by
        // itself, so it is unplugged (killed) while a command runs.
        using var dropping = Kind == BoardKind.Emulator ? await StartAsync("--drop-after", "2000") : await StartAsync();
        using var victim = await MicroPythonDevice.ConnectAsync(dropping.Port, null, Token());

        Task<byte[]> command;
        if (Kind == BoardKind.Emulator)
        {
            command = victim.Session.ExecAsync("x = '" + new string('y', 4000) + "'\nprint(len(x))", Token());
        }
        else
        {
            command = victim.Session.ExecAsync("import time\nprint('sleeping')\ntime.sleep(30)", Token());
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            dropping.Kill();
        }

        var error = await Assert.ThrowsAnyAsync<Exception>(() => command);

        Assert.IsType<DeviceConnectionException>(error);
        Assert.Contains(dropping.Port, error.Message);
        Assert.False(victim.Session.IsInRawRepl);
        Assert.False(victim.IsConnected);
    }

    [Fact]
    public async Task Reset_StartsAFreshInterpreter_AndTheConnectionCarriesOn()
    {
        using var board = await StartAsync();
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, Token());
        await device.Session.ExecAsync("marker = 123", Token());
        Assert.Equal(123L, await device.Session.EvalAsync("marker", Token()));

        await device.SoftResetAsync(Token());

        var gone = await Assert.ThrowsAsync<MicroPythonException>(() => device.Session.EvalAsync("marker", Token()));
        Assert.Equal("NameError", gone.ExceptionName);
        Assert.Equal(6L, await device.Session.EvalAsync("3+3", Token()));

        device.Disconnect();
        Assert.False(device.IsConnected);
        using var again = await MicroPythonDevice.ConnectAsync(board.Port, new DeviceConnectionOptions { SoftReset = false }, Token());
        Assert.Equal(2L, await again.Session.EvalAsync("1+1", Token()));
    }

    [Fact]
    public async Task Connect_NamesThePort_WhenItDoesNotExist()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-board-" + Guid.NewGuid().ToString("N"));
        var error = await Assert.ThrowsAsync<DeviceConnectionException>(() => MicroPythonDevice.ConnectAsync(missing, null, Token()));
        Assert.Equal(missing, error.Port);
        Assert.Contains($"{missing} does not exist", error.Message);
    }

    [Fact]
    public async Task Connect_RefusesAPortAlreadyInUse()
    {
        using var board = await StartAsync();
        using var first = await MicroPythonDevice.ConnectAsync(board.Port, null, Token());
        if (board.Upstream is { IsTcp: true })
        {
            // socat's fork serves every client with its own board process, so nothing is in use: a second client
            // powers on a second board that shares only the flash.
            await first.Session.ExecAsync("marker = 1", Token());
            using var second = await MicroPythonDevice.ConnectAsync(board.Port, new DeviceConnectionOptions { SoftReset = false }, Token());
            Assert.Equal(false, await second.Session.EvalAsync("'marker' in globals()", Token()));
            Assert.Equal(1L, await first.Session.EvalAsync("marker", Token()));
            return;
        }

        var error = await Assert.ThrowsAnyAsync<IOException>(() => MicroPythonDevice.ConnectAsync(board.Port, new DeviceConnectionOptions { Timeout = TimeSpan.FromSeconds(2) }, Token()));

        Assert.Contains(board.Port, error.Message);
        Assert.Contains("in use by another program", error.Message);
        Assert.Equal(1L, await first.Session.EvalAsync("1", Token()));
    }

    protected static CancellationToken Token() => new CancellationTokenSource(TestTimeout).Token;
}

public sealed class TcpEmulatorSessionTests : EmulatorSessionTests
{
    protected override BoardKind Kind => BoardKind.Emulator;

    protected override Task<TestBoard> StartAsync(params string[] arguments) => TestBoard.StartTcpAsync(BoardKind.Emulator, arguments);

    [Fact]
    public async Task Link_IsATcpLinkWithASocketDescription()
    {
        using var board = await StartAsync();
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, Token());
        Assert.IsType<TcpDeviceLink>(device.Session.Link);
        Assert.StartsWith("socket://127.0.0.1:", device.Port);
    }
}

public sealed class PtyEmulatorSessionTests : EmulatorSessionTests
{
    protected override BoardKind Kind => BoardKind.Emulator;

    protected override Task<TestBoard> StartAsync(params string[] arguments) => TestBoard.StartPtyAsync(BoardKind.Emulator, arguments);

    [Fact]
    public async Task Link_IsThePosixSerialLink()
    {
        using var board = await StartAsync();
        using var device = await MicroPythonDevice.ConnectAsync(board.Port, new DeviceConnectionOptions { BaudRate = 9600 }, Token());
        Assert.IsType<PosixSerialLink>(device.Session.Link);
        Assert.Equal(1L, await device.Session.EvalAsync("1", Token()));
    }
}
