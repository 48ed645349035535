using System.Text;
using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.Tests.Device;

public class RawReplSessionTranscriptTests
{
    public static TheoryData<string> Recordings => new() { "query", "listdir", "deploy" };

    [Theory]
    [MemberData(nameof(Recordings))]
    public async Task Session_SendsTheSameBytesAsMpremote_WhenReplayingARecordedExchange(string recording)
    {
        using var link = new TranscriptLink(Path.Combine(TestPaths.Vectors, "transcripts", recording + ".jsonl"));
        var statements = SplitStatements(link.ExpectedHostBytes);
        using var session = new RawReplSession(link, new RawReplOptions { ResponseTimeout = TimeSpan.FromSeconds(10) }, ownsLink: false);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        await session.EnterAsync(softReset: true, cts.Token);
        var outputs = new List<string>();
        foreach (var statement in statements)
        {
            outputs.Add(Encoding.UTF8.GetString(await session.ExecAsync(statement, null, cts.Token)));
            Assert.True(session.LastCommandUsedRawPaste);
        }

        await session.ExitAsync(cts.Token);

        Assert.Equal(link.ExpectedHostBytes, link.SentBytes);
        Assert.True(session.SupportsRawPaste);
        if (recording == "listdir")
        {
            Assert.Equal("['config.mpy', 'data', 'lib', 'main.mpy']\r\n['module1.mpy', 'module2.mpy']\r\nmodule1 value=42 /rom/lib/module1.mpy\r\n", outputs.Single());
        }

        if (recording == "query")
        {
            Assert.Equal(15, outputs.Count);
            Assert.Equal(true, PythonLiteral.Parse(outputs[1]));
            Assert.Equal(2L, PythonLiteral.Parse(outputs[2]));
            Assert.Equal(262144L, PythonLiteral.Parse(outputs[6]));
            Assert.Equal(new byte[] { 0xd2, 0xcd, 0x31, 0x90, 0x23, 0x05, 0x6d, 0x0a, 0x63, 0x6f, 0x6e, 0x66 }, PythonLiteral.Parse(outputs[8]));
        }
    }

    // The host stream is "\r\x03\r\x01", "\x04", then "\x05A\x01" + code + "\x04" per statement, then "\r\x02".
    private static List<byte[]> SplitStatements(byte[] host)
    {
        var statements = new List<byte[]>();
        var i = 0;
        while (i < host.Length)
        {
            if (i + 3 <= host.Length && host[i] == 0x05 && host[i + 1] == (byte)'A' && host[i + 2] == 0x01)
            {
                var end = Array.IndexOf(host, (byte)0x04, i + 3);
                statements.Add(host[(i + 3)..end]);
                i = end + 1;
            }
            else
            {
                i++;
            }
        }

        Assert.NotEmpty(statements);
        return statements;
    }
}
