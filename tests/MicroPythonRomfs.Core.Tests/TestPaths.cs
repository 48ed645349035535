namespace MicroPythonRomfs.Tests;

/// <summary>Locates the repository and the shared golden vectors from the test assembly's folder.</summary>
internal static class TestPaths
{
    private static readonly Lazy<string> RepoRootLazy = new(FindRepoRoot);

    /// <summary>The repository root: the folder holding MicroPythonRomfs.sln.</summary>
    public static string RepoRoot => RepoRootLazy.Value;

    /// <summary>The golden vectors: ../shared/vectors beside the repository (read in place, never written).</summary>
    public static string Vectors
    {
        get
        {
            var fromEnvironment = Environment.GetEnvironmentVariable("MPROMFS_VECTORS");
            var path = string.IsNullOrEmpty(fromEnvironment)
                ? Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "vectors"))
                : fromEnvironment!;
            if (!Directory.Exists(path))
            {
                throw new DirectoryNotFoundException($"The golden vectors were not found at '{path}'. Set MPROMFS_VECTORS or place shared/ beside the repository.");
            }

            return path;
        }
    }

    public static string VectorTree(string name) => Path.Combine(Vectors, "trees", name);

    public static string VectorImage(string name) => Path.Combine(Vectors, "images", name);

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MicroPythonRomfs.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("MicroPythonRomfs.sln was not found above " + AppContext.BaseDirectory);
    }
}
