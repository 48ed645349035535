using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.Tests.Romfs;

/// <summary>Random in-memory trees for property tests: ASCII and non-ASCII names, empty folders, empty files.</summary>
internal static class RandomTree
{
    private static readonly string[] Syllables = { "a", "b", "Z", "main", "lib", ".py", ".mpy", "_", "é", "日本", "😀", "x.y", "-", "0" };

    public static List<RomfsSourceItem> Generate(int seed, int maxItems = 40)
    {
        var random = new Random(seed);
        var items = new List<RomfsSourceItem>();
        var directories = new List<string> { string.Empty };
        var used = new HashSet<string>(StringComparer.Ordinal);
        var count = random.Next(0, maxItems);
        for (var i = 0; i < count; i++)
        {
            var parent = directories[random.Next(directories.Count)];
            var name = string.Concat(Enumerable.Range(0, random.Next(1, 4)).Select(_ => Syllables[random.Next(Syllables.Length)]));
            if (name == "." || name == "..")
            {
                continue;
            }

            var path = parent.Length == 0 ? name : parent + "/" + name;
            if (!used.Add(path))
            {
                continue;
            }

            if (random.Next(4) == 0)
            {
                directories.Add(path);
                items.Add(RomfsSourceItem.ForDirectory(path));
            }
            else
            {
                var data = new byte[random.Next(0, 3) == 0 ? random.Next(0, 600) : random.Next(0, 20)];
                random.NextBytes(data);
                items.Add(RomfsSourceItem.ForBytes(path, data));
            }
        }

        return items;
    }
}
