namespace MicroPythonRomfs.Tests.Romfs;

/// <summary>The vector trees, with <c>empty</c> made in a temp folder because git does not keep empty folders.</summary>
internal static class VectorTrees
{
    public static readonly string[] Names = { "basic", "empty", "deep", "big", "premade", "names" };

    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var name in Names)
        {
            data.Add(name);
        }

        return data;
    }

    /// <summary>The folder of a vector tree; for <c>empty</c> a fresh empty folder named so.</summary>
    public static string PathOf(string name, TempFolder temp)
    {
        var path = TestPaths.VectorTree(name);
        if (Directory.Exists(path))
        {
            return path;
        }

        if (name != "empty")
        {
            throw new DirectoryNotFoundException(path);
        }

        return Directory.CreateDirectory(Path.Combine(temp.Path, "empty")).FullName;
    }
}
