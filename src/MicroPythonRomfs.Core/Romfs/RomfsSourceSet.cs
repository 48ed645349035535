namespace MicroPythonRomfs.Romfs;

/// <summary>Turns folders and files on disk into the <see cref="RomfsSourceItem"/> list an image is built from.</summary>
public static class RomfsSourceSet
{
    private const int MaxNestedLinks = 40;

    /// <summary>
    /// Lists a folder's contents, recursively, as items whose paths are relative to the folder. Symbolic links
    /// are followed (as upstream does); a link that leads back into a folder being listed is an error.
    /// </summary>
    /// <param name="directory">The folder.</param>
    /// <param name="exclude">Patterns of entries to leave out (see <see cref="RomfsBuildOptions.Exclude"/>).</param>
    /// <returns>Directories and files, each folder's entries in code-point order of their names.</returns>
    /// <exception cref="RomfsSourceException">The folder is missing, is a file, holds a link loop or a name that is not valid UTF-8.</exception>
    public static IReadOnlyList<RomfsSourceItem> FromDirectory(string directory, IEnumerable<string>? exclude = null)
    {
        var root = RequireDirectory(directory);
        var items = new List<RomfsSourceItem>();
        AddDirectoryContents(items, root, string.Empty, new RomfsExcludeFilter(exclude));
        return items;
    }

    /// <summary>
    /// Turns paths given one by one (for example piped from <c>Get-ChildItem -Recurse</c>) into items. A file keeps
    /// its path relative to <paramref name="rootPath"/> (or just its name without a root); a folder adds its contents
    /// the same way (or, without a root, its contents relative to itself). Duplicates are kept once.
    /// </summary>
    /// <param name="paths">Full or relative paths of files and folders.</param>
    /// <param name="rootPath">The folder that image paths are relative to, or <see langword="null"/>.</param>
    /// <param name="exclude">Patterns of entries to leave out.</param>
    /// <returns>The items, sorted by image path in code-point order.</returns>
    /// <exception cref="RomfsSourceException">A path is missing, or lies outside <paramref name="rootPath"/>.</exception>
    public static IReadOnlyList<RomfsSourceItem> FromPaths(IEnumerable<string> paths, string? rootPath = null, IEnumerable<string>? exclude = null)
    {
        if (paths == null)
        {
            throw new ArgumentNullException(nameof(paths));
        }

        var filter = new RomfsExcludeFilter(exclude);
        var root = rootPath == null ? null : RequireDirectory(rootPath);
        var byPath = new Dictionary<string, RomfsSourceItem>(StringComparer.Ordinal);
        foreach (var raw in paths)
        {
            var full = Path.GetFullPath(raw);
            var isDirectory = Directory.Exists(full);
            if (!isDirectory && !File.Exists(full))
            {
                throw new RomfsSourceException(full, $"Cannot find '{full}': no such file or folder.");
            }

            string prefix;
            if (root == null)
            {
                prefix = isDirectory ? string.Empty : Path.GetFileName(full);
            }
            else
            {
                prefix = RelativeTo(root.FullName, full)
                    ?? throw new RomfsSourceException(full, $"'{full}' is not inside the root folder '{root.FullName}'; give a -RootPath that contains every input.");
            }

            if (prefix.Length > 0 && filter.ExcludesSelfOrAncestor(prefix))
            {
                continue;
            }

            var found = new List<RomfsSourceItem>();
            if (isDirectory)
            {
                if (prefix.Length > 0)
                {
                    found.Add(RomfsSourceItem.ForDirectory(prefix));
                }

                AddDirectoryContents(found, new DirectoryInfo(full), prefix, filter);
            }
            else
            {
                SpecialFiles.RefuseSpecial(full, "put in a ROMFS image");
                found.Add(RomfsSourceItem.ForFile(prefix, full));
            }

            foreach (var item in found)
            {
                if (byPath.TryGetValue(item.ImagePath, out var existing))
                {
                    if (existing.IsDirectory != item.IsDirectory
                        || (!item.IsDirectory && !string.Equals(existing.SourceFile, item.SourceFile, StringComparison.Ordinal)))
                    {
                        throw new RomfsSourceException(item.SourceFile ?? full, $"Two inputs map to '{item.ImagePath}' in the image: '{existing.SourceFile ?? "a folder"}' and '{item.SourceFile ?? "a folder"}'.");
                    }

                    continue;
                }

                byPath.Add(item.ImagePath, item);
            }
        }

        var list = byPath.Values.ToList();
        list.Sort((a, b) => RomfsNameComparer.Instance.Compare(a.ImagePath, b.ImagePath));
        return list;
    }

    /// <summary>The path of <paramref name="path"/> relative to <paramref name="root"/> with <c>/</c> separators, or <see langword="null"/> when it is outside.</summary>
    internal static string? RelativeTo(string root, string path)
    {
        var comparison = IsCaseInsensitiveFileSystem ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var rootFull = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        var full = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        if (string.Equals(rootFull, full, comparison))
        {
            return string.Empty;
        }

        var prefix = rootFull + Path.DirectorySeparatorChar;
        if (rootFull.Length == 0 || !full.StartsWith(prefix, comparison))
        {
            return null;
        }

        return full.Substring(prefix.Length).Replace(Path.DirectorySeparatorChar, '/');
    }

    // Windows and macOS file systems ignore case by default; Linux ones do not.
    internal static bool IsCaseInsensitiveFileSystem { get; } = !System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Linux);

    private static DirectoryInfo RequireDirectory(string directory)
    {
        if (directory == null)
        {
            throw new ArgumentNullException(nameof(directory));
        }

        var full = Path.GetFullPath(directory);
        if (File.Exists(full))
        {
            throw new RomfsSourceException(full, $"'{full}' is a file; a folder was expected.");
        }

        if (!Directory.Exists(full))
        {
            throw new RomfsSourceException(full, $"Cannot find the folder '{full}'.");
        }

        return new DirectoryInfo(full);
    }

    private static void AddDirectoryContents(List<RomfsSourceItem> items, DirectoryInfo root, string rootImagePath, RomfsExcludeFilter filter)
    {
        // An explicit stack: how deep a source tree goes is not ours to choose.
        var stack = new Stack<(DirectoryInfo Directory, string ImagePath, string[] RealAncestors, int Links)>();
        var rootReal = Path.GetFullPath(root.FullName);
        if (FileSystemLinks.IsLink(root))
        {
            rootReal = FileSystemLinks.ResolveFinalTarget(root) ?? rootReal;
        }

        stack.Push((root, rootImagePath, new[] { rootReal }, 0));
        while (stack.Count > 0)
        {
            var (directory, imagePath, ancestors, links) = stack.Pop();
            FileSystemInfo[] children;
            try
            {
                children = directory.GetFileSystemInfos();
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is System.Security.SecurityException)
            {
                throw new RomfsSourceException(directory.FullName, $"Cannot list the folder '{directory.FullName}': {ex.Message}", ex);
            }

            Array.Sort(children, (a, b) => RomfsNameComparer.Instance.Compare(a.Name, b.Name));
            var subdirectories = new List<(DirectoryInfo, string, string[], int)>();
            foreach (var child in children)
            {
                if (child.Name.IndexOf('\uFFFD') >= 0)
                {
                    // .NET decodes file names as UTF-8 and replaces bytes that are not with U+FFFD; such a
                    // name could neither be opened again nor stored faithfully.
                    throw new RomfsSourceException(child.FullName, $"A name in the folder '{directory.FullName}' is not valid UTF-8 ('{child.Name}'); rename it.");
                }

                var childPath = imagePath.Length == 0 ? child.Name : imagePath + "/" + child.Name;
                if (filter.Excludes(childPath))
                {
                    continue;
                }

                var isLink = FileSystemLinks.IsLink(child);
                var isDirectory = (child.Attributes & FileAttributes.Directory) != 0;
                if (isLink)
                {
                    // The attributes of a link describe the link; follow it to learn what it points at.
                    isDirectory = Directory.Exists(child.FullName);
                    if (!isDirectory && !File.Exists(child.FullName))
                    {
                        throw new RomfsSourceException(child.FullName, $"The symbolic link '{child.FullName}' is broken or loops: its target cannot be found.");
                    }
                }

                if (isDirectory)
                {
                    var real = Path.Combine(ancestors[ancestors.Length - 1], child.Name);
                    var childLinks = links;
                    if (isLink)
                    {
                        childLinks++;
                        string? resolved;
                        try
                        {
                            resolved = FileSystemLinks.ResolveFinalTarget(child);
                        }
                        catch (IOException ex)
                        {
                            throw new RomfsSourceException(child.FullName, $"The symbolic link '{child.FullName}' loops: {ex.Message}", ex);
                        }

                        if (resolved != null)
                        {
                            real = resolved;
                        }

                        var comparison = IsCaseInsensitiveFileSystem ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
                        if (ancestors.Any(a => string.Equals(a, real, comparison)) || childLinks > MaxNestedLinks)
                        {
                            throw new RomfsSourceException(child.FullName, $"The symbolic link '{child.FullName}' leads back into a folder that contains it (a symlink loop).");
                        }
                    }

                    var childAncestors = new string[ancestors.Length + 1];
                    ancestors.CopyTo(childAncestors, 0);
                    childAncestors[ancestors.Length] = real;
                    items.Add(RomfsSourceItem.ForDirectory(childPath));
                    subdirectories.Add((new DirectoryInfo(child.FullName), childPath, childAncestors, childLinks));
                }
                else
                {
                    SpecialFiles.RefuseSpecial(child.FullName, "put in a ROMFS image");
                    items.Add(RomfsSourceItem.ForFile(childPath, child.FullName));
                }
            }

            for (var i = subdirectories.Count - 1; i >= 0; i--)
            {
                stack.Push(subdirectories[i]);
            }
        }
    }
}
