using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.Tests.Romfs;

public class RomfsBadInputTests
{
    [Fact]
    public async Task Build_OfAMissingFolder_FailsNamingIt()
    {
        using var temp = new TempFolder();
        var missing = temp.Combine("nope");

        var error = await Assert.ThrowsAsync<RomfsSourceException>(() => RomfsBuilder.BuildAsync(missing));

        Assert.Equal(missing, error.SourcePath);
        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public async Task Build_OfAFileWhereAFolderIsExpected_FailsNamingIt()
    {
        using var temp = new TempFolder();
        var file = temp.WriteFile("app.py", "print(1)");

        var error = await Assert.ThrowsAsync<RomfsSourceException>(() => RomfsBuilder.BuildAsync(file));

        Assert.Contains(file, error.Message);
        Assert.Contains("folder was expected", error.Message);
    }

    [Fact]
    public async Task Build_WithAnUnreadableFile_FailsNamingTheFileAndWritesNothing()
    {
        using var temp = new TempFolder();
        var source = Directory.CreateDirectory(temp.Combine("app")).FullName;
        temp.WriteFile("app/ok.txt", "fine");
        var secret = temp.WriteFile("app/secret.txt", "hidden");
        var output = temp.Combine("app.romfs");
        var options = new RomfsBuildOptions
        {
            CompileMpy = false,
            OpenFile = path => path == secret ? throw new UnauthorizedAccessException("Access to the path is denied.") : File.OpenRead(path),
        };

        var error = await Assert.ThrowsAsync<RomfsSourceException>(() => RomfsFile.CreateFromDirectoryAsync(source, output, options));

        Assert.Equal(secret, error.SourcePath);
        Assert.Contains("access is denied", error.Message);
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Build_WithAFileWithoutReadPermission_FailsForNonRootAndReadsItForRoot()
    {
        // Tests run as root in some containers, and root reads mode-000 files; so the expectation depends on who runs.
        using var temp = new TempFolder();
        var source = Directory.CreateDirectory(temp.Combine("app")).FullName;
        var locked = temp.WriteFile("app/locked.txt", "locked");
        File.SetUnixFileMode(locked, UnixFileMode.None);
        try
        {
            if (NativeFileNames.IsRoot)
            {
                var image = RomfsImage.Parse(await RomfsBuilder.BuildAsync(source, new RomfsBuildOptions { CompileMpy = false }));
                Assert.True(image.TryGetEntry("locked.txt", out var entry));
                Assert.Equal("locked"u8.ToArray(), image.GetData(entry!).ToArray());
            }
            else
            {
                var error = await Assert.ThrowsAsync<RomfsSourceException>(() => RomfsBuilder.BuildAsync(source, new RomfsBuildOptions { CompileMpy = false }));
                Assert.Equal(locked, error.SourcePath);
            }
        }
        finally
        {
            File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Fact]
    public async Task Build_WithASymlinkLoop_FailsNamingTheLink()
    {
        using var temp = new TempFolder();
        var source = Directory.CreateDirectory(temp.Combine("app", "sub")).Parent!.FullName;
        var link = temp.Combine("app", "sub", "back");
        Directory.CreateSymbolicLink(link, source);

        var error = await Assert.ThrowsAsync<RomfsSourceException>(() => RomfsBuilder.BuildAsync(source));

        Assert.Equal(link, error.SourcePath);
        Assert.Contains("symlink loop", error.Message);
    }

    [Fact]
    public async Task Build_FollowsASymlinkToAFolderOutsideTheTree()
    {
        using var temp = new TempFolder();
        var source = Directory.CreateDirectory(temp.Combine("app")).FullName;
        temp.WriteFile("shared/util.txt", "u");
        Directory.CreateSymbolicLink(temp.Combine("app", "shared"), temp.Combine("shared"));

        var image = RomfsImage.Parse(await RomfsBuilder.BuildAsync(source, new RomfsBuildOptions { CompileMpy = false }));

        Assert.True(image.TryGetEntry("shared/util.txt", out _));
    }

    [Fact]
    public async Task Build_WithANameThatIsNotUtf8_FailsNamingTheFolder()
    {
        using var temp = new TempFolder();
        var source = Directory.CreateDirectory(temp.Combine("app")).FullName;
        NativeFileNames.CreateFile(source, new byte[] { (byte)'b', (byte)'a', (byte)'d', 0xFF, 0xFE });

        var error = await Assert.ThrowsAsync<RomfsSourceException>(() => RomfsBuilder.BuildAsync(source));

        Assert.Contains("not valid UTF-8", error.Message);
        Assert.Contains(source, error.Message);
    }

    [Fact]
    public async Task Create_WithTheOutputInsideTheSourceFolder_FailsAndWritesNothing()
    {
        using var temp = new TempFolder();
        var source = Directory.CreateDirectory(temp.Combine("app")).FullName;
        temp.WriteFile("app/main.py", "print(1)");
        var output = temp.Combine("app", "build", "app.romfs");

        var error = await Assert.ThrowsAsync<RomfsSourceException>(() => RomfsFile.CreateFromDirectoryAsync(source, output));

        Assert.Contains("inside the source folder", error.Message);
        Assert.False(Directory.Exists(temp.Combine("app", "build")));
    }

    [Fact]
    public async Task Create_WithoutAnOutput_WritesFolderNameDotRomfsBesideTheFolder()
    {
        using var temp = new TempFolder();
        var source = Directory.CreateDirectory(temp.Combine("app")).FullName;
        temp.WriteFile("app/main.py", "print(1)");

        var info = await RomfsFile.CreateFromDirectoryAsync(source, null, new RomfsBuildOptions { CompileMpy = false });

        Assert.Equal(temp.Combine("app.romfs"), info!.Path);
        Assert.True(File.Exists(temp.Combine("app.romfs")));
        Assert.Equal(1, info.FileCount);
        Assert.Equal(64, info.ImageHash.Length);
    }

    [Fact]
    public async Task Create_OverAnExistingOutputWithoutOverwrite_FailsAndKeepsTheFile()
    {
        using var temp = new TempFolder();
        var source = Directory.CreateDirectory(temp.Combine("app")).FullName;
        temp.WriteFile("app/main.py", "print(1)");
        var output = temp.WriteFile("app.romfs", "precious");

        var error = await Assert.ThrowsAsync<RomfsOutputExistsException>(() => RomfsFile.CreateFromDirectoryAsync(source, output));

        Assert.Contains("already exists", error.Message);
        Assert.Equal("precious", File.ReadAllText(output));

        var info = await RomfsFile.CreateFromDirectoryAsync(source, output, new RomfsBuildOptions { CompileMpy = false }, overwrite: true);
        Assert.Equal(info!.Length, new FileInfo(output).Length);
    }

    [Fact]
    public void Save_WhenWritingFailsPartWay_LeavesNoFileAndNoTemporary()
    {
        using var temp = new TempFolder();
        var output = temp.Combine("app.romfs");
        var image = File.ReadAllBytes(TestPaths.VectorImage("basic.nompy.romfs"));

        Assert.Throws<IOException>(() => RomfsFile.Save(image, output, overwrite: false, stream => new FailingStream(stream, 100)));

        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void Save_WhenReplacingFailsPartWay_KeepsTheOldFileIntact()
    {
        using var temp = new TempFolder();
        var output = temp.WriteFile("app.romfs", "old");
        var image = File.ReadAllBytes(TestPaths.VectorImage("basic.nompy.romfs"));

        Assert.Throws<IOException>(() => RomfsFile.Save(image, output, overwrite: true, stream => new FailingStream(stream, 10)));

        Assert.Equal("old", File.ReadAllText(output));
        Assert.Single(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void Parse_OfAnImageTruncatedAtEveryOffset_FailsNamingAnOffsetInside()
    {
        foreach (var name in new[] { "basic.mpy.romfs", "names.nompy.romfs", "premade.mpy.romfs" })
        {
            var image = File.ReadAllBytes(TestPaths.VectorImage(name));
            for (var length = 0; length < image.Length; length++)
            {
                var cut = image.AsMemory(0, length);
                var error = Assert.Throws<RomfsFormatException>(() => RomfsImage.Parse(cut));
                Assert.InRange(error.Offset, 0, length);
                Assert.Contains("byte offset", error.Message);
            }
        }
    }

    [Fact]
    public void ReadInfo_OfAFileThatIsNotAnImage_FailsNamingTheFileAndOffset()
    {
        using var temp = new TempFolder();
        var file = temp.WriteFile("notes.romfs", "hello world");

        var error = Assert.Throws<RomfsFormatException>(() => RomfsFile.ReadInfo(file));

        Assert.Contains(file, error.Message);
        Assert.Contains("byte offset 0", error.Message);
    }

    private sealed class FailingStream : Stream
    {
        private readonly Stream _inner;
        private long _budget;

        public FailingStream(Stream inner, long budget)
        {
            _inner = inner;
            _budget = budget;
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _inner.Length;

        public override long Position { get => _inner.Position; set => throw new NotSupportedException(); }

        public override void Flush() => _inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            var allowed = (int)Math.Min(count, _budget);
            _inner.Write(buffer, offset, allowed);
            _budget -= allowed;
            if (allowed < count)
            {
                throw new IOException("No space left on device (simulated).");
            }
        }
    }
}
