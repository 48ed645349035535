using System.Net;
using System.Net.Sockets;
using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.Tests.Device;

public class TcpDeviceLinkTests
{
    [Fact]
    public async Task Link_CarriesBytesBothWays_AndDescribesItselfAsASocketUrl()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var accept = listener.AcceptTcpClientAsync();
            using var link = await DeviceLinkFactory.OpenAsync($"socket://127.0.0.1:{port}", null, CancellationToken.None);
            using var server = await accept;
            Assert.Equal($"socket://127.0.0.1:{port}", link.Description);

            await link.WriteAsync(new byte[] { 3, 1 }, 0, 2, CancellationToken.None);
            var got = new byte[2];
            Assert.Equal(2, await server.GetStream().ReadAsync(got));
            Assert.Equal(new byte[] { 3, 1 }, got);

            using (var cts = new CancellationTokenSource(100))
            {
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => link.ReadAsync(new byte[4], 0, 4, cts.Token));
            }

            await server.GetStream().WriteAsync(new byte[] { 9, 8, 7 });
            Assert.Equal(new byte[] { 9, 8, 7 }, await SerialPortLinkTests.ReadExactly(link, 3));

            server.Close();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var error = await Assert.ThrowsAsync<DeviceConnectionException>(() => link.ReadAsync(new byte[4], 0, 4, wait.Token));
            Assert.Contains($"socket://127.0.0.1:{port} closed the connection", error.Message);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task Open_NamesTheSocket_WhenNothingListens()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var error = await Assert.ThrowsAsync<DeviceConnectionException>(() => DeviceLinkFactory.OpenAsync($"socket://127.0.0.1:{port}", null, CancellationToken.None));
        Assert.Equal($"socket://127.0.0.1:{port}", error.Port);
        Assert.StartsWith($"socket://127.0.0.1:{port} could not be opened", error.Message);
    }
}
