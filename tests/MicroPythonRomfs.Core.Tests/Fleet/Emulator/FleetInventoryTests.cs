using MicroPythonRomfs.Fleet;
using MicroPythonRomfs.Partitions;
using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.Tests.Fleet.Emulator;

public class FleetInventoryTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Query_OfFourBoards_SaysWhichImageIsOnWhichBoard_AndTheBoardWithoutRomfsReportsItsOwnError()
    {
        var image = await RomfsBuilder.BuildAsync(FleetDeploymentTests.TreeItems(), new RomfsBuildOptions { CompileMpy = false }, None);
        using var boards = await FleetBoards.StartAsync(Array.Empty<string>(), Array.Empty<string>(), Array.Empty<string>(), new[] { "--no-romfs" });
        await FleetDeployment.PublishAsync(new[] { new DeployTarget(boards.Devices[0], 0), new DeployTarget(boards.Devices[2], 0) }, image, null, false, null, null, None);

        var progress = new RecordingReporter();
        var inventory = await FleetInventory.QueryAsync(boards.Devices, new[] { 0 }, false, null, progress, None);

        Assert.Equal(boards.Devices.Select(d => d.Port), inventory.Select(o => o.Port));
        var hash = RomfsImage.ComputeHash(image);
        var stale = inventory.Where(o => o.Succeeded).SelectMany(o => o.Value!).Where(p => p.ImageHash != hash).ToList();
        Assert.Equal(new[] { boards.Devices[1] }, stale.Select(p => p.Device));
        Assert.Equal(boards.Devices[1].UniqueId, stale.Single().UniqueId);
        Assert.All(inventory.Take(3), o => Assert.Equal(o.Device!.UniqueId, o.Value!.Single().UniqueId));
        Assert.False(inventory[3].Succeeded);
        Assert.Equal("RomfsNotSupported", inventory[3].ErrorId);
        Assert.Contains(boards.Devices[3].Port, inventory[3].Error);
        var last = progress.ProgressReports.Last();
        Assert.True(last.IsCompleted);
        Assert.Equal((4L, 4L), (last.Completed, last.Total));
    }

    [Fact]
    public async Task Query_ThenRedeployOnlyTheStaleBoards_LeavesEveryBoardWithTheImage()
    {
        var image = await RomfsBuilder.BuildAsync(FleetDeploymentTests.TreeItems(), new RomfsBuildOptions { CompileMpy = false }, None);
        using var boards = await FleetBoards.StartAsync(Array.Empty<string>(), Array.Empty<string>(), Array.Empty<string>(), Array.Empty<string>());
        await FleetDeployment.PublishAsync(new[] { new DeployTarget(boards.Devices[3], 1) }, image, null, false, null, null, None);
        var hash = RomfsImage.ComputeHash(image);

        var stale = (await FleetInventory.QueryAsync(boards.Devices, new[] { 1 }, false, null, null, None))
            .SelectMany(o => o.Value!)
            .Where(p => p.ImageHash != hash)
            .Select(p => new DeployTarget(p.Device!, p.Partition))
            .ToList();
        var results = await FleetDeployment.PublishAsync(stale, image, null, false, null, null, None);

        Assert.Equal(boards.Devices.Take(3), results.Select(r => r.Device));
        var after = await FleetInventory.QueryAsync(boards.Devices, new[] { 1 }, false, null, null, None);
        Assert.All(after, o => Assert.Equal(hash, o.Value!.Single().ImageHash));
    }
}
