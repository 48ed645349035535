using System.Text;
using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.Tests.Romfs;

public class RomfsExtractTests
{
    public static TheoryData<string> EscapingNames => new() { "..", ".", "a/b", "a\\b", "C:", "a\0b" };

    [Theory]
    [MemberData(nameof(EscapingNames))]
    public void Extract_RefusesANameThatWouldEscape_AndWritesNothing(string badName)
    {
        using var temp = new TempFolder();
        var image = ImageWithRenamedFile(badName);
        var destination = temp.Combine("out");

        var error = Assert.Throws<RomfsFormatException>(() => RomfsFile.ExtractToDirectory(image, destination));

        Assert.Contains("nothing was extracted", error.Message);
        Assert.False(Directory.Exists(destination));
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void Extract_RefusesAnEmptyName()
    {
        // A file record with an empty name: 05 04 00 02 01 'x'.
        var payload = new byte[] { 5, 4, 0, 2, 1, (byte)'x' };
        var image = RomfsImage.Parse(new byte[] { 0xD2, 0xCD, 0x31, 0x80, (byte)payload.Length }.Concat(payload).ToArray());
        using var temp = new TempFolder();

        Assert.Throws<RomfsFormatException>(() => RomfsFile.ExtractToDirectory(image, temp.Combine("out")));
    }

    [Fact]
    public void Extract_OverExistingFiles_FailsBeforeWritingAnythingUnlessOverwriteIsOn()
    {
        using var temp = new TempFolder();
        var image = RomfsImage.Parse(File.ReadAllBytes(TestPaths.VectorImage("basic.nompy.romfs")));
        var destination = Directory.CreateDirectory(temp.Combine("out")).FullName;
        temp.WriteFile("out/main.py", "mine");

        var error = Assert.Throws<RomfsOutputExistsException>(() => RomfsFile.ExtractToDirectory(image, destination));

        Assert.Contains("main.py", error.Message);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(destination, "main.py")));
        Assert.Single(Directory.GetFileSystemEntries(destination));

        var written = RomfsFile.ExtractToDirectory(image, destination, overwrite: true);
        Assert.Equal(6, written.Count);
        Assert.Equal(File.ReadAllBytes(Path.Combine(TestPaths.VectorTree("basic"), "main.py")), File.ReadAllBytes(Path.Combine(destination, "main.py")));
    }

    [Fact]
    public void Extract_WhenTheReporterDeclines_WritesNothing()
    {
        using var temp = new TempFolder();
        var reporter = new RecordingReporter(allow: false);

        var written = RomfsFile.ExtractToDirectory(TestPaths.VectorImage("basic.nompy.romfs"), temp.Combine("out"), reporter: reporter);

        Assert.Empty(written);
        Assert.False(Directory.Exists(temp.Combine("out")));
        Assert.Single(reporter.ShouldProcessCalls);
    }

    [Fact]
    public void Extract_OfAnImageHoldingOnePathTwice_FailsBeforeWritingAnything()
    {
        using var temp = new TempFolder();
        var writer = new RomfsWriter();
        writer.AddFile("same.txt", new byte[] { 1 });
        writer.AddFile("same.txt", new byte[] { 2 });
        var image = RomfsImage.Parse(writer.ToArray());

        var error = Assert.Throws<RomfsFormatException>(() => RomfsFile.ExtractToDirectory(image, temp.Combine("out")));

        Assert.Contains("more than once", error.Message);
        Assert.False(Directory.Exists(temp.Combine("out")));
    }

    [Fact]
    public void Extract_ThroughASymlinkedFolderInsideTheDestination_IsRefused()
    {
        using var temp = new TempFolder();
        var outside = Directory.CreateDirectory(temp.Combine("outside")).FullName;
        var destination = Directory.CreateDirectory(temp.Combine("out")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(destination, "lib"), outside);
        var image = RomfsImage.Parse(File.ReadAllBytes(TestPaths.VectorImage("basic.nompy.romfs")));

        var error = Assert.Throws<IOException>(() => RomfsFile.ExtractToDirectory(image, destination, overwrite: true));

        Assert.Contains("symbolic link", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(outside));
        Assert.Single(Directory.GetFileSystemEntries(destination));
    }

    private static RomfsImage ImageWithRenamedFile(string name)
    {
        // Build with a placeholder name of the same UTF-8 length, then patch the name bytes in place.
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var placeholder = new string('q', nameBytes.Length);
        var writer = new RomfsWriter();
        writer.AddFile("ok.txt", new byte[] { 1 });
        writer.AddFile(placeholder, new byte[] { 2 });
        var bytes = writer.ToArray();
        var at = bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(placeholder));
        nameBytes.CopyTo(bytes, at);
        return RomfsImage.Parse(bytes);
    }
}
