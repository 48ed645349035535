using MicroPythonRomfs.HelpBuilder.About;
using MicroPythonRomfs.HelpBuilder.Maml;
using MicroPythonRomfs.HelpBuilder.Markdown;

namespace MicroPythonRomfs.HelpBuilder;

/// <summary>
/// The help files a docs folder produces: one MAML file per <c>external help file</c> named in the cmdlet pages,
/// and one <c>about_*.help.txt</c> per <c>about_*.md</c>. Pure: reads the folder, returns text, writes nothing.
/// </summary>
public static class HelpFileSet
{
    /// <summary>Reads every page in a docs folder.</summary>
    /// <param name="docsFolder">The folder holding <c>Verb-Noun.md</c> and <c>about_*.md</c> pages.</param>
    /// <returns>The cmdlet pages, ordered by name.</returns>
    /// <exception cref="HelpMarkdownException">A page does not follow the schema.</exception>
    public static IReadOnlyList<CommandHelpPage> ReadCommandPages(string docsFolder) =>
        Directory.GetFiles(docsFolder, "*.md")
            .Where(path => !IsAboutTopic(path))
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(CommandHelpMarkdownReader.ReadFile)
            .OrderBy(page => page.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();

    /// <summary>Builds every help file from a docs folder.</summary>
    /// <param name="docsFolder">The folder holding the markdown pages.</param>
    /// <returns>File names (no folder) mapped to their content, ordered by name.</returns>
    /// <exception cref="HelpMarkdownException">A page does not follow the schema, or two pages document the same cmdlet.</exception>
    public static SortedDictionary<string, string> Build(string docsFolder)
    {
        var pages = ReadCommandPages(docsFolder);
        foreach (var duplicate in pages.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            throw new HelpMarkdownException(duplicate.Last().File, 0, $"{duplicate.Key} is documented by more than one page ({string.Join(", ", duplicate.Select(p => Path.GetFileName(p.File)))}).");
        }

        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var page in pages.Where(p => p.ExternalHelpFile.Length == 0))
        {
            throw new HelpMarkdownException(page.File, 1, "The front matter has no 'external help file' (for example 'external help file: MicroPythonRomfs.dll-Help.xml').");
        }

        foreach (var group in pages.GroupBy(p => p.ExternalHelpFile, StringComparer.OrdinalIgnoreCase))
        {
            files[group.Key] = MamlHelpWriter.Serialize(MamlHelpWriter.Build(group));
        }

        foreach (var path in Directory.GetFiles(docsFolder, "*.md").Where(IsAboutTopic).OrderBy(p => p, StringComparer.Ordinal))
        {
            files[Path.GetFileNameWithoutExtension(path) + ".help.txt"] = AboutTopicWriter.Convert(File.ReadAllText(path), path);
        }

        return files;
    }

    /// <summary>Whether a file in an output folder is one this builder generates (and so may replace or remove).</summary>
    /// <param name="fileName">A file name without folder.</param>
    /// <returns><see langword="true"/> for <c>*-Help.xml</c> and <c>about_*.help.txt</c>.</returns>
    public static bool IsGeneratedFileName(string fileName) =>
        fileName.EndsWith("-Help.xml", StringComparison.OrdinalIgnoreCase)
        || (fileName.StartsWith("about_", StringComparison.OrdinalIgnoreCase) && fileName.EndsWith(".help.txt", StringComparison.OrdinalIgnoreCase));

    private static bool IsAboutTopic(string path) => Path.GetFileName(path).StartsWith("about_", StringComparison.OrdinalIgnoreCase);
}
