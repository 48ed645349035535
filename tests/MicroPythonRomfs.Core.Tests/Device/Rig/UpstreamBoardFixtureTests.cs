using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.Tests.Device.Rig;

/// <summary>One upstream board shared by a class: every connection still powers on a fresh board process.</summary>
public class UpstreamBoardFixtureTests : IClassFixture<UpstreamBoardFixture>
{
    private readonly UpstreamBoard _board;

    public UpstreamBoardFixtureTests(UpstreamBoardFixture fixture) => _board = fixture.Board;

    [Fact]
    public async Task SharedBoard_AnswersTheProduct()
    {
        using var device = await MicroPythonDevice.ConnectAsync(_board.Port, null, CancellationToken.None);

        Assert.Equal(2, device.RomfsPartitionCount);
        Assert.True(_board.IsRunning);
    }

    [Fact]
    public async Task SharedBoard_AnswersMpremote()
    {
        var run = (await _board.MpremoteAsync("exec", "print(6*7)")).EnsureSuccess("mpremote exec");

        Assert.Equal("42", run.StandardOutput.Trim());
    }
}
