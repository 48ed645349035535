using System.Text;
using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.Tests.Romfs;

/// <summary>Images, names and folders that would cost unbounded memory or time, or that this tool could not read back.</summary>
public class RomfsBoundsTests
{
    [Fact]
    public void Parse_OfADirectoryNameOf64KiB_IsRejectedNamingTheRecordOffset()
    {
        var image = ImageOf(Record(RomfsRecordKind.Directory, Concat(Name(new string('d', 65536)), Record(RomfsRecordKind.File, Concat(Name("f"), Record(RomfsRecordKind.DataVerbatim, Array.Empty<byte>()))))));

        var error = Assert.Throws<RomfsFormatException>(() => RomfsImage.Parse(image));

        Assert.Equal(RecordStart(image), error.Offset);
        Assert.Contains("65536 bytes long", error.Message);
        Assert.Contains($"at most {RomfsImage.MaxNameLength}", error.Message);
    }

    [Fact]
    public void Parse_OfAPathLongerThanTheLimit_IsRejectedNamingTheRecordOffset()
    {
        // Five folders of 250-byte names: each name is legal, the path of the fifth is not.
        var inner = Record(RomfsRecordKind.File, Concat(Name("f"), Record(RomfsRecordKind.DataVerbatim, Array.Empty<byte>())));
        for (var i = 0; i < 5; i++)
        {
            inner = Record(RomfsRecordKind.Directory, Concat(Name(new string((char)('a' + i), 250)), inner));
        }

        var error = Assert.Throws<RomfsFormatException>(() => RomfsImage.Parse(ImageOf(inner)));

        Assert.Contains($"at most {RomfsImage.MaxPathLength}", error.Message);
        Assert.Contains("byte offset", error.Message);
    }

    [Fact]
    public void Parse_OfManyEntriesBelowLongFolderNames_AllocatesInProportionToTheImageNotToItsPaths()
    {
        // 20,000 files below four folders of 250-byte names: every path is over 1,000 bytes, the image a few hundred KB.
        var writer = new RomfsWriter();
        for (var i = 0; i < 4; i++)
        {
            writer.OpenDirectory(new string((char)('a' + i), 250));
        }

        for (var i = 0; i < 20000; i++)
        {
            writer.AddFile(i.ToString("x5", System.Globalization.CultureInfo.InvariantCulture), Array.Empty<byte>());
        }

        var image = writer.ToArray();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var parsed = RomfsImage.Parse(image);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(20004, parsed.Entries.Count);
        Assert.True(allocated < 40L * image.Length, $"parsing a {image.Length}-byte image allocated {allocated} bytes");
        var last = parsed.Entries[parsed.Entries.Count - 1];
        Assert.Equal(string.Join("/", Enumerable.Range(0, 4).Select(i => new string((char)('a' + i), 250))) + "/04e1f", last.Path);
        Assert.True(parsed.TryGetEntry(last.Path, out var found));
        Assert.Same(last, found);
    }

    [Fact]
    public async Task Build_OfANameLongerThan255Bytes_IsRefusedBeforeAnythingIsWritten()
    {
        using var temp = new TempFolder();
        var output = temp.Combine("out.romfs");
        var name = new string('é', 128) + ".txt"; // 260 bytes in UTF-8, 132 characters
        var items = new[] { RomfsSourceItem.ForBytes(name, new byte[] { 1 }) };

        var error = await Assert.ThrowsAsync<RomfsSourceException>(() => RomfsFile.CreateFromItemsAsync(items, output, new RomfsBuildOptions { CompileMpy = false }));

        Assert.Contains("260 bytes", error.Message);
        Assert.Contains($"at most {RomfsImage.MaxNameLength}", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public async Task Build_OfAPathLongerThanTheReaderAccepts_IsRefusedBeforeAnythingIsWritten()
    {
        using var temp = new TempFolder();
        var output = temp.Combine("out.romfs");
        var path = string.Join("/", Enumerable.Range(0, 5).Select(i => new string((char)('a' + i), 250))) + "/f.txt";

        var error = await Assert.ThrowsAsync<RomfsSourceException>(() => RomfsFile.CreateFromItemsAsync(new[] { RomfsSourceItem.ForBytes(path, new byte[] { 1 }) }, output, new RomfsBuildOptions { CompileMpy = false }));

        Assert.Contains($"at most {RomfsImage.MaxPathLength}", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public async Task Build_OfFoldersNestedDeeperThanTheReaderAccepts_IsRefusedBeforeAnythingIsWritten()
    {
        using var temp = new TempFolder();
        var output = temp.Combine("out.romfs");
        var path = string.Join("/", Enumerable.Repeat("d", RomfsImage.MaxDepth + 1)) + "/f";

        var error = await Assert.ThrowsAsync<RomfsSourceException>(() => RomfsFile.CreateFromItemsAsync(new[] { RomfsSourceItem.ForBytes(path, new byte[] { 1 }) }, output, new RomfsBuildOptions { CompileMpy = false }));

        Assert.Contains($"at most {RomfsImage.MaxDepth} deep", error.Message);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task Build_OfMoreDataThanAnImageMayHold_IsRefusedBeforeAnythingIsWritten()
    {
        using var temp = new TempFolder();
        var output = temp.Combine("big.romfs");
        var half = new ReadOnlyMemory<byte>(new byte[(RomfsImage.DefaultMaxStreamLength / 2) + 1]);
        var items = new[] { RomfsSourceItem.ForBytes("a.bin", half), RomfsSourceItem.ForBytes("b.bin", half) };

        var error = await Assert.ThrowsAsync<RomfsSourceException>(() => RomfsFile.CreateFromItemsAsync(items, output, new RomfsBuildOptions { CompileMpy = false }));

        Assert.Contains("256 MiB", error.Message);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Writer_OfANameLongerThan255Bytes_Refuses()
    {
        var writer = new RomfsWriter();

        Assert.Throws<ArgumentException>(() => writer.AddFile(new string('x', 256), Array.Empty<byte>()));
    }

    [Fact]
    public void Save_OfMoreThanTheReaderLimit_WritesNothing()
    {
        using var temp = new TempFolder();
        var output = temp.Combine("big.romfs");
        var image = new byte[RomfsImage.DefaultMaxStreamLength + 1];

        var error = Assert.Throws<IOException>(() => RomfsFile.Save(image, output));

        Assert.Contains(output, error.Message);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Save_IntoAFolderThatDoesNotExist_NamesTheTargetNotATemporaryFile()
    {
        using var temp = new TempFolder();
        var output = temp.Combine("missing", "out.romfs");
        var writer = new RomfsWriter();
        writer.AddFile("a.txt", new byte[] { 1 });

        var error = Assert.Throws<IOException>(() => RomfsFile.Save(writer.ToArray(), output));

        Assert.Contains(output, error.Message);
        Assert.DoesNotContain(".tmp", error.Message);
    }

    [Fact]
    public async Task ExtractToDirectory_Of255ByteNames_RoundTripsAFolderBuiltFromThem()
    {
        using var temp = new TempFolder();
        var longName = new string('n', 251) + ".txt";
        temp.WriteFile(Path.Combine("src", longName), "long");
        temp.WriteFile(Path.Combine("src", new string('d', 255), "x.txt"), "deep");
        var image = temp.Combine("long.romfs");
        await RomfsFile.CreateFromDirectoryAsync(temp.Combine("src"), image, new RomfsBuildOptions { CompileMpy = false });

        var written = RomfsFile.ExtractToDirectory(image, temp.Combine("out"));

        Assert.Equal(2, written.Count);
        Assert.Equal("long", File.ReadAllText(temp.Combine("out", longName)));
        Assert.Equal("deep", File.ReadAllText(temp.Combine("out", new string('d', 255), "x.txt")));
        Assert.Empty(Directory.GetFiles(temp.Combine("out"), ".mpromfs-*", SearchOption.AllDirectories));
    }

    [Fact]
    public void ExtractToDirectory_WhenAWriteFailsPartWay_RemovesEverythingItCreated()
    {
        using var temp = new TempFolder();
        var writer = new RomfsWriter();
        writer.AddFile("a.txt", new byte[] { 1 });
        writer.OpenDirectory("lib");
        writer.AddFile("b.txt", new byte[] { 2 });
        writer.AddFile("c.txt", new byte[] { 3 });
        writer.CloseDirectory();
        var image = RomfsImage.Parse(writer.ToArray());
        var destination = temp.Combine("out", "nested");
        var calls = 0;

        var error = Assert.Throws<IOException>(() => RomfsFile.ExtractToDirectory(image, destination, false, null, stream => ++calls == 3 ? throw new IOException("disk full") : stream));

        Assert.Contains(destination, error.Message);
        Assert.Contains("disk full", error.Message);
        Assert.Contains("removed", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void ExtractToDirectory_IntoAnExistingFolder_KeepsWhatWasThereWhenItFails()
    {
        using var temp = new TempFolder();
        var keep = temp.WriteFile(Path.Combine("out", "keep.txt"), "mine");
        var writer = new RomfsWriter();
        writer.AddFile("a.txt", new byte[] { 1 });
        writer.AddFile("b.txt", new byte[] { 2 });
        var image = RomfsImage.Parse(writer.ToArray());
        var calls = 0;

        Assert.Throws<IOException>(() => RomfsFile.ExtractToDirectory(image, temp.Combine("out"), false, null, stream => ++calls == 2 ? throw new IOException("disk full") : stream));

        Assert.Equal(new[] { keep }, Directory.GetFileSystemEntries(temp.Combine("out")));
        Assert.Equal("mine", File.ReadAllText(keep));
    }

    [Fact]
    public void ExtractToDirectory_OfAPathTooLongForTheFileSystem_IsRefusedBeforeAnythingIsWritten()
    {
        using var temp = new TempFolder();
        var writer = new RomfsWriter();
        writer.AddFile("ok.txt", new byte[] { 1 });
        for (var i = 0; i < 4; i++)
        {
            writer.OpenDirectory(new string((char)('a' + i), 250));
        }

        writer.AddFile("f", new byte[] { 2 });
        var image = RomfsImage.Parse(writer.ToArray());

        // A destination whose own path is long enough that the image's 1,000-byte paths no longer fit below it.
        var destination = temp.Path;
        while (Encoding.UTF8.GetByteCount(destination) < 3200)
        {
            destination = Path.Combine(destination, new string('p', 200));
        }

        var error = Assert.Throws<RomfsFormatException>(() => RomfsFile.ExtractToDirectory(image, destination));

        Assert.Contains("nothing was extracted", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public async Task Build_OfAFolderHoldingAFifo_RefusesItWithoutOpeningIt()
    {
        using var temp = new TempFolder();
        temp.WriteFile(Path.Combine("src", "main.py"), "print(1)");
        var fifo = temp.Combine("src", "pipe");
        MakeFifo(fifo);

        var build = RomfsFile.CreateFromDirectoryAsync(temp.Combine("src"), temp.Combine("out.romfs"), new RomfsBuildOptions { CompileMpy = false });
        var finished = await Task.WhenAny(build, Task.Delay(TimeSpan.FromMinutes(2)));

        Assert.Same(build, finished);
        var error = await Assert.ThrowsAsync<RomfsSourceException>(() => build);
        Assert.Equal(fifo, error.SourcePath);
        Assert.Contains("FIFO", error.Message);
        Assert.False(File.Exists(temp.Combine("out.romfs")));
    }

    [Fact]
    public async Task ReadInfo_OfAFifo_RefusesItWithoutOpeningIt()
    {
        using var temp = new TempFolder();
        var fifo = temp.Combine("image.romfs");
        MakeFifo(fifo);

        var read = Task.Run(() => RomfsFile.ReadInfo(fifo));
        var finished = await Task.WhenAny(read, Task.Delay(TimeSpan.FromMinutes(2)));

        Assert.Same(read, finished);
        var error = await Assert.ThrowsAsync<RomfsSourceException>(() => read);
        Assert.Contains(fifo, error.Message);
        Assert.Contains("FIFO", error.Message);
    }

    [Fact]
    public void SpecialFiles_TellACharacterDeviceFromAFile()
    {
        using var temp = new TempFolder();

        Assert.Equal("a character device", SpecialFiles.Describe("/dev/null"));
        Assert.Null(SpecialFiles.Describe(temp.WriteFile("plain.txt", "x")));
        Assert.Null(SpecialFiles.Describe(temp.Path));
    }

    private static void MakeFifo(string path)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("mkfifo", path) { UseShellExecute = false })!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }

    private static byte[] ImageOf(byte[] payload) => Concat(new byte[] { 0xD2, 0xCD, 0x31 }, Varuint.Encode((ulong)payload.Length), payload);

    private static int RecordStart(byte[] image)
    {
        var position = 3;
        Varuint.TryRead(image, ref position, image.Length, out _);
        return position;
    }

    private static byte[] Record(long kind, byte[] payload) => Concat(Varuint.Encode((ulong)kind), Varuint.Encode((ulong)payload.Length), payload);

    private static byte[] Name(string name)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        return Concat(Varuint.Encode((ulong)bytes.Length), bytes);
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
