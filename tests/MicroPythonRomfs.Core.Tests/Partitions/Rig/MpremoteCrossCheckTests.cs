using System.Security.Cryptography;
using MicroPythonRomfs.Device;
using MicroPythonRomfs.Partitions;
using MicroPythonRomfs.Reporting;
using MicroPythonRomfs.Romfs;
using MicroPythonRomfs.Tests.Device.Rig;

namespace MicroPythonRomfs.Tests.Partitions.Rig;

/// <summary>
/// Our deploy and upstream mpremote's, on the same upstream board: what one tool writes, the other reads back
/// identically, for every golden vector image (partition 0 is made large enough for all of them).
/// </summary>
public class MpremoteCrossCheckTests
{
    private const int PartitionSize = 524288;

    private static readonly CancellationToken None = CancellationToken.None;

    // Walks /rom with the firmware's own ROMFS driver: one line per entry, files with their size and SHA-256 (read in
    // pieces: a 256 KiB heap cannot hold the largest file twice).
    private const string WalkRom =
        "import os\n" +
        "def hx(b):\n" +
        " return binascii.hexlify(b).decode()\n" +
        "def w(p):\n" +
        " for e in sorted(os.ilistdir(p)):\n" +
        "  q=p+'/'+e[0]\n" +
        "  if e[1]==0x4000:\n" +
        "   print('d',q)\n" +
        "   w(q)\n" +
        "  else:\n" +
        "   h=hashlib.sha256()\n" +
        "   f=open(q,'rb')\n" +
        "   while True:\n" +
        "    c=f.read(4096)\n" +
        "    if not c:\n" +
        "     break\n" +
        "    h.update(c)\n" +
        "   f.close()\n" +
        "   print('f',q,e[3],hx(h.digest()))\n" +
        "w('/rom')\n";

    public static TheoryData<string> EveryVectorImage()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Path.Combine(TestPaths.Vectors, "images"), "*.romfs").OrderBy(p => p, StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryVectorImage))]
    public async Task ImageDeployedByUs_ReadsBackIdentically_WithMpremote(string name)
    {
        var image = File.ReadAllBytes(TestPaths.VectorImage(name));
        var parsed = RomfsImage.Parse(image);
        using var board = await UpstreamBoard.StartTcpAsync(new UpstreamBoardOptions { Rom0Size = PartitionSize });
        using (var device = await MicroPythonDevice.ConnectAsync(board.Port, null, None))
        {
            var result = await new PartitionWriter(device.Session).DeployAsync(image, 0, null, None);
            Assert.True(result!.Verified);
        }

        // One mpremote run (each costs seconds): its query, then the partition's bytes hashed by the firmware, then
        // every entry as the firmware's own ROMFS driver (mounted at /rom at power-on, which every TCP connection is)
        // reads it.
        var run = (await board.MpremoteAsync(
                "romfs", "query", "+",
                "exec", $"import vfs,hashlib,binascii\nprint('--rom--')\nprint(binascii.hexlify(hashlib.sha256(memoryview(vfs.rom_ioctl(2,0))[:{image.Length}]).digest()).decode())\n" + WalkRom))
            .EnsureSuccess("mpremote romfs query + exec").StandardOutput.Replace("\r\n", "\n");
        var parts = run.Split("--rom--\n");
        Assert.Equal(2, parts.Length);
        var partition0 = parts[0].Split("ROMFS1")[0];
        Assert.Contains($"ROMFS0 partition has size {PartitionSize} bytes", partition0);
        Assert.Contains("Raw contents: " + string.Join(":", image.Take(12).Select(b => b.ToString("x2"))), partition0);
        Assert.Contains($"ROMFS image size: {image.Length - parsed.PayloadOffset}\n", partition0);
        var lines = parts[1].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Hex(SHA256.HashData(image)), lines[0]);
        Assert.Equal(ExpectedWalk(parsed), lines.Skip(1));
    }

    [Theory]
    [MemberData(nameof(EveryVectorImage))]
    public async Task ImageDeployedByMpremote_ReadsBackIdentically_WithOurs(string name)
    {
        var path = TestPaths.VectorImage(name);
        var image = File.ReadAllBytes(path);
        using var board = await UpstreamBoard.StartTcpAsync(new UpstreamBoardOptions { Rom0Size = PartitionSize });

        var deploy = (await board.MpremoteAsync("romfs", "deploy", path)).EnsureSuccess("mpremote romfs deploy");
        Assert.Contains("ROMFS image deployed", deploy.StandardOutput);

        using var device = await MicroPythonDevice.ConnectAsync(board.Port, null, None);
        var reader = new PartitionReader(device.Session);
        var info = (await reader.QueryAsync(new[] { 0 }, null, None)).Single();
        Assert.True(info.HasValidImage);
        Assert.Equal(image.Length, info.ImageSize);
        Assert.Equal(RomfsImage.Parse(image).ComputeHash(), info.ImageHash);
        Assert.Equal("/rom", info.MountPoint);
        Assert.Equal(image, await reader.ReadImageAsync(0, NullOperationReporter.Instance, None));

        // Both tools pad the last block with zeros, so our incremental deploy finds nothing to write.
        var again = await new PartitionWriter(device.Session).DeployAsync(image, 0, null, None);
        Assert.Equal(0, again!.BlocksWritten);
        Assert.True(again.Verified);
        device.Disconnect();
        var padded = (image.Length + 4095) / 4096 * 4096;
        var flash = board.ReadFlash(0);
        Assert.Equal(image, flash.Take(image.Length));
        Assert.All(flash.Skip(image.Length).Take(padded - image.Length), b => Assert.Equal(0, b));
        Assert.All(flash.Skip(padded), b => Assert.Equal(0xFF, b));
    }

    private static string[] ExpectedWalk(RomfsImage image)
    {
        var lines = new List<string>();
        Walk(image, image.RootEntries, "/rom", lines);
        return lines.ToArray();
    }

    private static void Walk(RomfsImage image, IReadOnlyList<RomfsEntry> entries, string folder, List<string> lines)
    {
        // sorted() on the board orders the (name, type, inode, size) tuples by the name's code points, as Ordinal does.
        foreach (var entry in entries.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var path = folder + "/" + entry.Name;
            if (entry.IsDirectory)
            {
                lines.Add("d " + path);
                Walk(image, entry.Children, path, lines);
            }
            else
            {
                lines.Add($"f {path} {entry.Length} {Hex(SHA256.HashData(image.GetData(entry).Span))}");
            }
        }
    }

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
