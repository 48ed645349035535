namespace MicroPythonRomfs.Tests;

public class VectorsTests
{
    [Fact]
    public void Vectors_AreReachableFromTheTestAssembly()
    {
        Assert.True(File.Exists(Path.Combine(TestPaths.Vectors, "MANIFEST.txt")));
    }
}
