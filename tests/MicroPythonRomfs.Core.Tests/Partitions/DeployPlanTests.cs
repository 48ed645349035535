using MicroPythonRomfs.Partitions;

namespace MicroPythonRomfs.Tests.Partitions;

public class DeployPlanTests
{
    private static readonly RomPartitionGeometry Partition0 = new(0, 262144, 4096, RomPartitionKind.MemoryView);

    [Fact]
    public void Create_WritesEveryBlockTheImageSpans_WhenTheBoardContentsAreUnknown()
    {
        var image = Image(10_000, seed: 1);

        var plan = DeployPlan.Create(image, Partition0);

        Assert.Equal(12288, plan.PaddedLength);
        Assert.Equal(3, plan.BlockCount);
        Assert.Equal(new[] { 1, 2, 0 }, plan.BlocksToWrite);
        Assert.Equal(new[] { new BlockRange(0, 3) }, plan.EraseRanges);
        Assert.Equal(12288, plan.BytesToWrite);
        Assert.False(plan.IsIncremental);
    }

    [Fact]
    public void ExpectedBlock_HoldsTheImageThenZeroPaddingToTheWriteUnitThenErasedBytes()
    {
        var partition = new RomPartitionGeometry(1, 65536, 16384, RomPartitionKind.MemoryView);
        var image = Image(5000, seed: 2);

        var plan = DeployPlan.Create(image, partition);
        var block = plan.ExpectedBlock(0);

        Assert.Equal(image, block.Take(5000));
        Assert.All(block.Skip(5000).Take(8192 - 5000), b => Assert.Equal(0, b));
        Assert.All(block.Skip(8192), b => Assert.Equal(0xFF, b));
        Assert.Equal(8192, plan.WriteLength(0));
    }

    [Fact]
    public void Create_SkipsEveryBlock_WhenTheBoardAlreadyHoldsTheImage()
    {
        var image = Image(20_000, seed: 3);
        var full = DeployPlan.Create(image, Partition0);
        var digests = Enumerable.Range(0, full.BlockCount).Select(b => BlockDigest.Compute(BlockDigestAlgorithm.Sha256, full.ExpectedBlock(b))).ToList();

        var plan = DeployPlan.Create(image, Partition0, digests, BlockDigestAlgorithm.Sha256);

        Assert.True(plan.IsUpToDate);
        Assert.Equal(5, plan.BlocksSkipped);
        Assert.Empty(plan.EraseRanges);
        Assert.StartsWith("nothing to write", plan.Describe());
    }

    [Fact]
    public void Create_WritesOnlyTheChangedBlocks_AndTheHeaderBlockLast()
    {
        var oldImage = Image(40_000, seed: 4);
        var newImage = (byte[])oldImage.Clone();
        newImage[3] ^= 1;
        newImage[5000] ^= 1;
        newImage[9000] ^= 1;
        newImage[30000] ^= 1;
        var old = DeployPlan.Create(oldImage, Partition0);
        var digests = Enumerable.Range(0, old.BlockCount).Select(b => BlockDigest.Compute(BlockDigestAlgorithm.Crc32, old.ExpectedBlock(b))).ToList();

        var plan = DeployPlan.Create(newImage, Partition0, digests, BlockDigestAlgorithm.Crc32);

        Assert.True(plan.IsIncremental);
        Assert.Equal(new[] { 1, 2, 7, 0 }, plan.BlocksToWrite);
        Assert.Equal(new[] { new BlockRange(0, 3), new BlockRange(7, 1) }, plan.EraseRanges);
        Assert.Equal(6, plan.BlocksSkipped);
        Assert.Equal("erase blocks 0-2, 7 (4,096 bytes each) and write 16,384 bytes in 4 blocks; 6 unchanged blocks skipped", plan.Describe());
    }

    [Fact]
    public void Create_RewritesTheHeaderBlockToo_WhenOnlyALaterBlockChanged()
    {
        var oldImage = Image(40_000, seed: 8);
        var newImage = (byte[])oldImage.Clone();
        newImage[30000] ^= 1;
        var old = DeployPlan.Create(oldImage, Partition0);
        var digests = Enumerable.Range(0, old.BlockCount).Select(b => BlockDigest.Compute(BlockDigestAlgorithm.Sha256, old.ExpectedBlock(b))).ToList();

        var plan = DeployPlan.Create(newImage, Partition0, digests, BlockDigestAlgorithm.Sha256);

        Assert.Equal(new[] { 7, 0 }, plan.BlocksToWrite);
        Assert.Equal(new[] { new BlockRange(0, 1), new BlockRange(7, 1) }, plan.EraseRanges);
        Assert.Equal(8, plan.BlocksSkipped);
    }

    [Fact]
    public void Create_RewritesEverything_WhenThePartitionIsErasedInOnePiece()
    {
        var wholeErase = new RomPartitionGeometry(0, 65536, 65536, RomPartitionKind.MemoryView);
        var image = Image(3000, seed: 5);
        var digests = new List<byte[]> { BlockDigest.Compute(BlockDigestAlgorithm.Sha256, DeployPlan.Create(image, wholeErase).ExpectedBlock(0)) };

        var plan = DeployPlan.Create(image, wholeErase, digests, BlockDigestAlgorithm.Sha256);

        Assert.False(plan.IsIncremental);
        Assert.Equal(new[] { 0 }, plan.BlocksToWrite);
    }

    [Fact]
    public void Create_RefusesAnImageLargerThanThePartition_NamingThePartition()
    {
        var big = File.ReadAllBytes(TestPaths.VectorImage("big.mpy.romfs"));

        var error = Assert.Throws<ArgumentException>(() => DeployPlan.Create(big, Partition0));

        Assert.Contains("300,108 bytes", error.Message);
        Assert.Contains("partition 0 (262,144 bytes)", error.Message);
    }

    [Fact]
    public void Create_NeverPadsBeyondTheEndOfThePartition()
    {
        var small = new RomPartitionGeometry(2, 6000, 2000, RomPartitionKind.BlockDevice);

        var plan = DeployPlan.Create(Image(5500, seed: 6), small);

        Assert.Equal(6000, plan.PaddedLength);
        Assert.Equal(3, plan.BlockCount);
        Assert.Equal(2000, plan.WriteLength(2));
    }

    [Fact]
    public void BlockDigest_Crc32_MatchesTheZlibCheckValue()
    {
        Assert.Equal(new byte[] { 0xCB, 0xF4, 0x39, 0x26 }, BlockDigest.Compute(BlockDigestAlgorithm.Crc32, "123456789"u8));
    }

    private static byte[] Image(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }
}
