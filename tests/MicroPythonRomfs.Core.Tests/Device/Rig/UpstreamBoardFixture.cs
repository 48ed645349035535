namespace MicroPythonRomfs.Tests.Device.Rig;

/// <summary>
/// One upstream board over TCP shared by a test class (<c>IClassFixture&lt;UpstreamBoardFixture&gt;</c>), for tests that
/// do not need a fresh flash: every connection still powers on a fresh board process on the class's flash files.
/// </summary>
public sealed class UpstreamBoardFixture : IAsyncLifetime
{
    private UpstreamBoard? _board;

    /// <summary>The shared board, started before the class's first test.</summary>
    public UpstreamBoard Board => _board ?? throw new InvalidOperationException("The upstream board has not started.");

    /// <inheritdoc />
    public async Task InitializeAsync() => _board = await UpstreamBoard.StartTcpAsync();

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        _board?.Dispose();
        return Task.CompletedTask;
    }
}
