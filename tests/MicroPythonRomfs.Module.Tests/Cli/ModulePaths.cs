namespace MicroPythonRomfs.Module.Tests;

/// <summary>The repository, the golden vectors beside it, and scratch folders for the module and CLI tests.</summary>
internal static class ModulePaths
{
    public static string RepoRoot
    {
        get
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

    public static string Vectors
    {
        get
        {
            var fromEnvironment = Environment.GetEnvironmentVariable("MPROMFS_VECTORS");
            return string.IsNullOrEmpty(fromEnvironment) ? Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "vectors")) : fromEnvironment;
        }
    }

    public static string NewTempFolder()
    {
        var path = Path.Combine(Path.GetTempPath(), "mpromfs-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
