namespace MicroPythonRomfs.Watch;

/// <summary>
/// The files editors leave beside the ones being edited (swap, backup, lock and atomic-save temporaries): a watch
/// session neither reacts to them nor builds them into the image.
/// </summary>
public static class EditorFiles
{
    /// <summary>
    /// The patterns, in <see cref="Romfs.RomfsBuildOptions.Exclude"/> syntax: vim (<c>.x.swp</c>, <c>4913</c>,
    /// <c>x~</c>), emacs (<c>.#x</c>, <c>#x#</c>), JetBrains (<c>x___jb_tmp___</c>), VS Code and others
    /// (<c>x.tmp</c>, <c>.x.~tmp</c>), Kate (<c>x.kate-swp</c>), macOS and Windows folder litter, and version-control
    /// and cache folders.
    /// </summary>
    public static IReadOnlyList<string> Patterns { get; } = new[]
    {
        "*.swp", "*.swo", "*.swx", "*.swpx", "4913", "*~", ".#*", "#*#", "*___jb_tmp___", "*___jb_old___", "*.tmp",
        "*.~tmp", "*.kate-swp", "*.bak", ".DS_Store", "Thumbs.db", "desktop.ini", ".git", ".hg", ".svn", "__pycache__",
    };

    /// <summary>Whether a file name (not a path) is an editor's temporary or backup file.</summary>
    /// <param name="name">The file name.</param>
    /// <returns><see langword="true"/> for a file the session ignores.</returns>
    public static bool IsEditorFile(string name) => Filter.Excludes(name ?? string.Empty);

    private static Romfs.RomfsExcludeFilter Filter { get; } = new(Patterns);
}
