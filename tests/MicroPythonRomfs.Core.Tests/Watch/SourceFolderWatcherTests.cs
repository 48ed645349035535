using System.Diagnostics;
using MicroPythonRomfs.Watch;

namespace MicroPythonRomfs.Tests.Watch;

public class SourceFolderWatcherTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(".main.py.swp")]
    [InlineData("main.py~")]
    [InlineData("4913")]
    [InlineData(".#main.py")]
    [InlineData("#main.py#")]
    [InlineData("main.py___jb_tmp___")]
    [InlineData("lib/__pycache__/x.pyc")]
    [InlineData(".git/index")]
    public void EditorAndToolFiles_AreNotRelevant(string path)
    {
        using var tree = new TempFolder();
        using var watcher = new SourceFolderWatcher(tree.Path, null, TimeSpan.Zero);

        Assert.False(watcher.IsRelevant(path));
        Assert.True(watcher.IsRelevant("main.py"));
    }

    [Fact]
    public void ExcludedEntries_AreNotRelevant()
    {
        using var tree = new TempFolder();
        using var watcher = new SourceFolderWatcher(tree.Path, new[] { "tests", "*.md" }, TimeSpan.Zero);

        Assert.False(watcher.IsRelevant("tests/test_main.py"));
        Assert.False(watcher.IsRelevant("docs/README.md"));
        Assert.True(watcher.IsRelevant("lib/main.py"));
    }

    [Fact]
    public async Task Wait_ReportsABurstOfWritesAsOneChange_AndSkipsSwapFiles()
    {
        using var tree = new TempFolder();
        using var watcher = new SourceFolderWatcher(tree.Path, null, TimeSpan.FromMilliseconds(300));
        using var timeout = new CancellationTokenSource(Patience);
        var started = Stopwatch.GetTimestamp();

        var waiting = watcher.WaitAsync(timeout.Token);
        tree.WriteFile(".a.py.swp", "swap");
        tree.WriteFile("a.py", "a = 1\n");
        tree.WriteFile("lib/b.py", "b = 1\n");
        tree.WriteFile("a.py", "a = 2\n");
        var change = await waiting;

        Assert.Contains("a.py", change.Paths);
        // A file written into a folder made a moment before may be seen only as the new folder.
        Assert.Contains(change.Paths, p => p == "lib" || p == "lib/b.py");
        Assert.DoesNotContain(".a.py.swp", change.Paths);
        Assert.True(change.FirstSeen >= started);
    }

    [Fact]
    public async Task Wait_IgnoresOnlySwapFileChanges()
    {
        using var tree = new TempFolder();
        using var watcher = new SourceFolderWatcher(tree.Path, null, TimeSpan.FromMilliseconds(50));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));

        tree.WriteFile(".a.py.swp", "swap");
        tree.WriteFile("a.py~", "backup");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watcher.WaitAsync(timeout.Token));
    }
}
