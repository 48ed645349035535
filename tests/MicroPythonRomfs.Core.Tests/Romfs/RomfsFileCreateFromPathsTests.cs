using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.Tests.Romfs;

public class RomfsFileCreateFromPathsTests
{
    [Fact]
    public async Task CreateFromPaths_OfOneFolder_BuildsItsContentsBesideIt()
    {
        using var temp = new TempFolder();
        var app = Directory.CreateDirectory(temp.Combine("app")).FullName;
        temp.WriteFile("app/lib/x.txt", "x");

        var info = await RomfsFile.CreateFromPathsAsync(new[] { app }, null, null, new RomfsBuildOptions { CompileMpy = false });

        Assert.Equal(temp.Combine("app.romfs"), info!.Path);
        Assert.Equal(new[] { "lib", "lib/x.txt" }, info.Entries.Select(e => e.Path));
    }

    [Fact]
    public async Task CreateFromPaths_OfPipedFilesWithARoot_KeepsRelativePathsAndDefaultsTheOutputBesideTheRoot()
    {
        using var temp = new TempFolder();
        var app = Directory.CreateDirectory(temp.Combine("app")).FullName;
        var module = temp.WriteFile("app/lib/x.py", "x = 1");
        var main = temp.WriteFile("app/main.py", "import x");

        var info = await RomfsFile.CreateFromPathsAsync(new[] { main, module }, app, null, new RomfsBuildOptions { CompileMpy = false });

        Assert.Equal(temp.Combine("app.romfs"), info!.Path);
        Assert.Equal(new[] { "lib", "lib/x.py", "main.py" }, info.Entries.Select(e => e.Path));
    }

    [Fact]
    public async Task CreateFromPaths_WithTheOutputInsideTheRoot_Fails()
    {
        using var temp = new TempFolder();
        var app = Directory.CreateDirectory(temp.Combine("app")).FullName;
        var main = temp.WriteFile("app/main.py", "print(1)");

        var error = await Assert.ThrowsAsync<RomfsSourceException>(() => RomfsFile.CreateFromPathsAsync(new[] { main }, app, temp.Combine("app", "out.romfs")));

        Assert.Contains("inside the root folder", error.Message);
    }

    [Fact]
    public async Task CreateFromPaths_OfFilesWithoutRootOrOutput_AsksForOne()
    {
        using var temp = new TempFolder();
        var main = temp.WriteFile("main.py", "print(1)");

        var error = await Assert.ThrowsAsync<RomfsSourceException>(() => RomfsFile.CreateFromPathsAsync(new[] { main }, null, null));

        Assert.Contains("-OutFile", error.Message);
    }

    [Fact]
    public async Task CreateFromPaths_WhenTheReporterDeclines_WritesNothingAndCompilesNothing()
    {
        using var temp = new TempFolder();
        var app = Directory.CreateDirectory(temp.Combine("app")).FullName;
        temp.WriteFile("app/main.py", "print(1)");
        var compiler = new VectorMpyCompiler();

        var info = await RomfsFile.CreateFromPathsAsync(new[] { app }, null, null, new RomfsBuildOptions { Compiler = compiler, Reporter = new RecordingReporter(allow: false) });

        Assert.Null(info);
        Assert.Empty(compiler.Calls);
        Assert.False(File.Exists(temp.Combine("app.romfs")));
    }
}
