using MicroPythonRomfs.Fleet;
using MicroPythonRomfs.Partitions;
using MicroPythonRomfs.Reporting;
using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.Tests.Fleet.Emulator;

public class FleetDeploymentTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Publish_ToFourBoards_OneTooSmall_LeavesTheImageOnEveryGoodBoard_AndTheSmallOneReportsItsOwnError()
    {
        var folder = WriteTree();
        try
        {
            using var boards = await FleetBoards.StartAsync(Array.Empty<string>(), Array.Empty<string>(), new[] { "--partition", "8192" }, Array.Empty<string>());
            var builds = new RecordingReporter();
            var progress = new RecordingReporter();
            var targets = boards.Devices.Select(d => new DeployTarget(d, 0)).ToList();

            var results = await FleetDeployment.PublishAsync(targets, folder, new RomfsBuildOptions { CompileMpy = false, Reporter = builds }, null, false, null, progress, None);

            Assert.Equal(1, builds.ProgressReports.Count(p => p.Activity == "Building ROMFS image" && p.IsCompleted));
            Assert.Equal(boards.Devices.Select(d => d.Port), results.Select(r => r.Port));
            Assert.Equal(boards.Devices.Select(d => d.UniqueId), results.Select(r => r.UniqueId));
            Assert.Equal(4, boards.Devices.Select(d => d.UniqueId).Distinct().Count());
            var image = await RomfsBuilder.BuildAsync(folder, new RomfsBuildOptions { CompileMpy = false }, None);
            foreach (var (result, index) in results.Select((r, i) => (r, i)))
            {
                Assert.Same(boards.Devices[index], result.Device);
                if (index == 2)
                {
                    Assert.False(result.Succeeded);
                    Assert.Equal("ImageTooBig", result.ErrorId);
                    Assert.Contains(boards.Devices[2].Port, result.Error);
                    Assert.Contains("Nothing was written", result.Error);
                    Assert.Equal(0, result.BlocksWritten);
                    continue;
                }

                Assert.True(result.Succeeded, result.Error);
                Assert.True(result.Verified);
                Assert.Equal(RomfsImage.ComputeHash(image), result.ImageHash);
                Assert.Equal(image, await new PartitionReader(boards.Devices[index].Session).ReadImageAsync(0, NullOperationReporter.Instance, None));
            }

            var children = progress.ProgressReports.Where(p => p.ParentActivityId == new FleetOptions().ParentActivityId).ToList();
            Assert.Equal(3, children.Select(p => p.ActivityId).Distinct().Count());
            Assert.All(boards.Devices.Where((d, i) => i != 2), d => Assert.Contains(children, p => p.Activity.Contains(d.Port)));
            Assert.True(progress.ProgressReports.Last().IsCompleted);
            Assert.Equal(-1, progress.ProgressReports.Last().ParentActivityId);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Publish_ToFourBoards_OneDroppingItsConnection_CompletesTheOthers_AndTheDroppedOneSaysItWasInterrupted()
    {
        var image = await RomfsBuilder.BuildAsync(TreeItems(), new RomfsBuildOptions { CompileMpy = false }, None);
        using var boards = await FleetBoards.StartAsync(Array.Empty<string>(), new[] { "--drop-after", "9000" }, Array.Empty<string>(), Array.Empty<string>());
        var targets = boards.Devices.Select(d => new DeployTarget(d, 0)).ToList();

        var results = await FleetDeployment.PublishAsync(targets, image, new DeployOptions(), false, new FleetOptions { ThrottleLimit = 4 }, null, None);

        Assert.Equal(4, results.Count);
        var dropped = results[1];
        Assert.False(dropped.Succeeded);
        Assert.Equal(boards.Devices[1].Port, dropped.Port);
        Assert.Contains(boards.Devices[1].Port, dropped.Error);
        Assert.Contains(dropped.ErrorId, new[] { "DeployInterrupted", "DeviceConnectionFailed" });
        Assert.True(dropped.BytesSent > 0);
        foreach (var index in new[] { 0, 2, 3 })
        {
            Assert.True(results[index].Succeeded, results[index].Error);
            Assert.Equal(image, await new PartitionReader(boards.Devices[index].Session).ReadImageAsync(0, NullOperationReporter.Instance, None));
        }
    }

    [Fact]
    public async Task Publish_WhenEveryBoardIsDeclined_AsksOncePerBoardWithItsPlan_AndWritesNothing()
    {
        var image = await RomfsBuilder.BuildAsync(TreeItems(), new RomfsBuildOptions { CompileMpy = false }, None);
        using var boards = await FleetBoards.StartAsync(Array.Empty<string>(), Array.Empty<string>(), Array.Empty<string>(), Array.Empty<string>());
        var whatIf = new RecordingReporter(allow: false);

        var results = await FleetDeployment.PublishAsync(boards.Devices.Select(d => new DeployTarget(d, 1)).ToList(), image, null, false, null, whatIf, None);

        Assert.Empty(results);
        Assert.Equal(boards.Devices.Select(d => d.Port + " ROM partition 1").OrderBy(t => t), whatIf.ShouldProcessCalls.Select(c => c.Target).OrderBy(t => t));
        Assert.All(whatIf.ShouldProcessCalls, c => Assert.Contains("erase", c.Action, StringComparison.OrdinalIgnoreCase));
        foreach (var device in boards.Devices)
        {
            var info = (await BoardPartitions.QueryAsync(device, new[] { 1 }, false, null, None)).Single();
            Assert.False(info.HasValidImage);
        }
    }

    [Fact]
    public async Task Publish_ToTwoPartitionsOfOneBoardAndAnotherBoard_WritesAllThree_OneBoardAtATime()
    {
        var image = await RomfsBuilder.BuildAsync(TreeItems(), new RomfsBuildOptions { CompileMpy = false }, None);
        using var boards = await FleetBoards.StartAsync(Array.Empty<string>(), Array.Empty<string>());
        var targets = new[] { new DeployTarget(boards.Devices[0], 0), new DeployTarget(boards.Devices[0], 1), new DeployTarget(boards.Devices[1], 1) };

        var results = await FleetDeployment.PublishAsync(targets, image, null, false, null, null, None);

        Assert.Equal(new[] { (boards.Devices[0].Port, 0), (boards.Devices[0].Port, 1), (boards.Devices[1].Port, 1) }, results.Select(r => (r.Port, r.Partition)));
        Assert.All(results, r => Assert.True(r.Succeeded && r.Verified, r.Error));
        foreach (var target in targets)
        {
            Assert.Equal(image, await new PartitionReader(target.Device.Session).ReadImageAsync(target.Partition, NullOperationReporter.Instance, None));
        }
    }

    [Fact]
    public async Task Publish_CancelledPartWay_SaysForEachBoardThatItWasInterrupted_AndARerunCompletesEveryBoard()
    {
        var image = await RomfsBuilder.BuildAsync(TreeItems(), new RomfsBuildOptions { CompileMpy = false }, None);
        using var boards = await FleetBoards.StartAsync(new[] { "--baud", "115200" }, new[] { "--baud", "115200" }, new[] { "--baud", "115200" });
        using var cancellation = new CancellationTokenSource();
        var targets = boards.Devices.Select(d => new DeployTarget(d, 0)).ToList();
        var cancelOnFirstBytes = new CancellingReporter(cancellation);

        var interrupted = await FleetDeployment.PublishAsync(targets, image, null, false, null, cancelOnFirstBytes, cancellation.Token);
        var rerun = await FleetDeployment.PublishAsync(targets, image, null, false, null, null, None);

        Assert.Equal(3, interrupted.Count);
        Assert.All(interrupted, r => Assert.False(r.Succeeded));
        Assert.All(interrupted, r => Assert.Contains(r.ErrorId, new[] { "DeployInterrupted", "OperationCancelled" }));
        Assert.Contains(interrupted, r => r.ErrorId == "DeployInterrupted" && r.Error!.Contains(r.Port));
        Assert.All(rerun, r => Assert.True(r.Succeeded && r.Verified, r.Error));
        foreach (var device in boards.Devices)
        {
            Assert.Equal(image, await new PartitionReader(device.Session).ReadImageAsync(0, NullOperationReporter.Instance, None));
        }
    }

    [Fact]
    public async Task Publish_OfAnInvalidImage_FailsBeforeAnyBoardIsAsked()
    {
        var whatIf = new RecordingReporter();
        var image = new byte[] { 0xd2, 0xcd, 0x31, 0x05, 1, 2, 3 };

        await Assert.ThrowsAsync<RomfsFormatException>(() => FleetDeployment.PublishAsync(Array.Empty<DeployTarget>(), image, null, false, null, whatIf, None));

        Assert.Empty(whatIf.ShouldProcessCalls);
    }

    internal static string WriteTree()
    {
        var folder = Path.Combine(Path.GetTempPath(), "mpromfs-fleet-" + Guid.NewGuid().ToString("N"));
        foreach (var item in TreeFiles())
        {
            var path = Path.Combine(folder, item.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, item.Data);
        }

        return folder;
    }

    internal static IReadOnlyList<RomfsSourceItem> TreeItems() => TreeFiles().Select(f => RomfsSourceItem.ForBytes(f.Path, f.Data)).ToList();

    private static IEnumerable<(string Path, byte[] Data)> TreeFiles()
    {
        var data = new byte[20_000];
        new Random(10).NextBytes(data);
        yield return ("data/a.bin", data);
        yield return ("main.py", System.Text.Encoding.ASCII.GetBytes("print('fleet')\n"));
    }

    /// <summary>Cancels the fleet as soon as any board reports written bytes.</summary>
    private sealed class CancellingReporter : IOperationReporter
    {
        private readonly CancellationTokenSource _cancellation;

        public CancellingReporter(CancellationTokenSource cancellation) => _cancellation = cancellation;

        public void Progress(OperationProgress progress)
        {
            if (progress.ParentActivityId >= 0 && progress.Completed > 0 && !progress.IsCompleted)
            {
                _cancellation.Cancel();
            }
        }

        public void Warning(string message)
        {
        }

        public void Verbose(string message)
        {
        }

        public bool ShouldProcess(string target, string action) => true;
    }
}
