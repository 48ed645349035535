using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.Tests.Romfs;

public class RomfsImageMutationTests
{
    private static readonly string[] SmallImages =
    {
        "basic.mpy.romfs", "basic.nompy.romfs", "empty.nompy.romfs", "deep.nompy.romfs",
        "premade.mpy.romfs", "premade.nompy.romfs", "names.mpy.romfs", "names.nompy.romfs",
    };

    [Fact]
    public void Parse_OfAtLeast100000CorruptedVariants_RejectsCleanlyOrParsesConsistently()
    {
        var random = new Random(20261121);
        var variants = 0;
        var rejected = 0;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        foreach (var name in SmallImages)
        {
            var original = File.ReadAllBytes(TestPaths.VectorImage(name));
            foreach (var variant in Variants(original, random, 13000))
            {
                variants++;
                if (!Check(variant))
                {
                    rejected++;
                }

                Assert.True(DateTime.UtcNow < deadline, "the mutation run is bounded in time");
            }
        }

        var big = File.ReadAllBytes(TestPaths.VectorImage("big.mpy.romfs"));
        foreach (var variant in Variants(big, random, 200, truncateEverywhere: false))
        {
            variants++;
            Check(variant);
        }

        Assert.True(variants >= 100_000, $"only {variants} variants");
        Assert.True(rejected > 1000, $"only {rejected} variants were rejected; the mutations are not reaching the reader");
    }

    [Fact]
    public void Parse_OfDeeplyNestedDirectories_RejectsBeyondTheDepthLimitWithoutRecursing()
    {
        var depth = 100_000;
        // Directory records that each claim everything after them: 04 <len> 01 'd' ...
        var payload = new byte[depth * 8];
        var position = payload.Length;
        var length = 0;
        for (var i = 0; i < depth; i++)
        {
            var header = new byte[16];
            var n = 0;
            header[n++] = 4;
            n += Varuint.Write(header.AsSpan(n), (ulong)(length + 2));
            header[n++] = 1;
            header[n++] = (byte)'d';
            position -= n;
            header.AsSpan(0, n).CopyTo(payload.AsSpan(position));
            length += n;
        }

        var image = new byte[] { 0xD2, 0xCD, 0x31 }.Concat(Varuint.Encode((ulong)length)).Concat(payload.Skip(position)).ToArray();

        var error = Assert.Throws<RomfsFormatException>(() => RomfsImage.Parse(image));
        Assert.Contains("deeper than", error.Message);
        Assert.Contains("byte offset", error.Message);
    }

    [Fact]
    public void Parse_OfADataPointerPastTheEnd_IsRejectedNamingItsOffset()
    {
        // A file "f" whose data record is a pointer (kind 3) to 5 bytes at payload offset 100.
        var file = new byte[] { 5, 6, 1, (byte)'f', 3, 2, 5, 100 };
        var image = new byte[] { 0xD2, 0xCD, 0x31, 0x80, (byte)file.Length }.Concat(file).ToArray();

        var error = Assert.Throws<RomfsFormatException>(() => RomfsImage.Parse(image));
        Assert.Equal(9, error.Offset);
        Assert.Contains("points past the end", error.Message);
    }

    [Fact]
    public void Parse_FollowsDataPointersAndSkipsPaddingAndUnknownRecords()
    {
        // Payload: padding record "01 02 xx yy", an unknown kind 0x7f record, file "f" -> pointer to the 2 padding bytes.
        var payload = new byte[] { 1, 2, 0xAA, 0xBB, 0x7F, 1, 0, 5, 6, 1, (byte)'f', 3, 2, 2, 2 };
        var image = new byte[] { 0xD2, 0xCD, 0x31, 0x80, (byte)payload.Length }.Concat(payload).ToArray();

        var parsed = RomfsImage.Parse(image);

        var entry = Assert.Single(parsed.Entries);
        Assert.Equal("f", entry.Path);
        Assert.Equal(new byte[] { 0xAA, 0xBB }, parsed.GetData(entry).ToArray());
        Assert.Equal(7, entry.Offset);
    }

    private static IEnumerable<byte[]> Variants(byte[] original, Random random, int count, bool truncateEverywhere = true)
    {
        if (truncateEverywhere)
        {
            for (var length = 0; length < original.Length; length++)
            {
                yield return original.Take(length).ToArray();
            }
        }

        for (var i = 0; i < count; i++)
        {
            var copy = (byte[])original.Clone();
            switch (random.Next(6))
            {
                case 0:
                    copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    for (var k = random.Next(2, 8); k > 0; k--)
                    {
                        copy[random.Next(copy.Length)] = (byte)random.Next(256);
                    }

                    break;
                case 2:
                {
                    // A huge varuint spliced in at a random place.
                    var at = random.Next(3, copy.Length);
                    var huge = Enumerable.Repeat((byte)0xFF, random.Next(1, 20)).Append((byte)random.Next(128));
                    copy = copy.Take(at).Concat(huge).Concat(copy.Skip(at)).ToArray();
                    break;
                }

                case 3:
                {
                    // A pointer record with random size and offset in place of bytes.
                    var at = random.Next(3, Math.Max(4, copy.Length - 8));
                    var pointer = new byte[] { 3, 4, (byte)(0x80 | random.Next(128)), (byte)random.Next(128), (byte)(0x80 | random.Next(128)), (byte)random.Next(128) };
                    if (copy.Length >= pointer.Length)
                    {
                        pointer.CopyTo(copy, Math.Min(at, copy.Length - pointer.Length));
                    }

                    break;
                }

                case 4:
                    // A length byte made huge or tiny.
                    copy[random.Next(3, copy.Length)] = random.Next(2) == 0 ? (byte)0xFF : (byte)0x00;
                    break;
                default:
                    copy = copy.Take(random.Next(copy.Length)).ToArray();
                    break;
            }

            yield return copy;
        }
    }

    /// <summary>Returns whether the bytes parsed; asserts the parse is self-consistent or the error is a clean format error.</summary>
    private static bool Check(byte[] bytes)
    {
        RomfsImage image;
        try
        {
            image = RomfsImage.Parse(bytes);
        }
        catch (RomfsFormatException ex)
        {
            Assert.InRange(ex.Offset, 0, bytes.Length);
            Assert.Contains($"byte offset {ex.Offset}", ex.Message);
            return false;
        }

        Assert.True(image.Length <= bytes.Length);
        var count = 0;
        foreach (var entry in image.Entries)
        {
            count++;
            if (entry.Kind == RomfsEntryKind.File)
            {
                Assert.InRange(entry.Offset, 0, image.Length);
                Assert.InRange(entry.Length, 0, image.Length - entry.Offset);
                Assert.Equal(entry.Length, image.GetData(entry).Length);
            }

            Assert.EndsWith(entry.Name, entry.Path, StringComparison.Ordinal);
        }

        Assert.Equal(count, image.FileCount + image.DirectoryCount);
        return true;
    }
}
