using MicroPythonRomfs.Reporting;

namespace MicroPythonRomfs.Romfs;

/// <summary>
/// Image files on disk: build a folder into an image file, read an image file, extract one into a folder.
/// Output files are written atomically (temporary file and rename); nothing is overwritten unless asked.
/// </summary>
public static class RomfsFile
{
    /// <summary>The output an upstream-like build writes by default: the folder's name plus <c>.romfs</c>, beside the folder (never inside it).</summary>
    /// <param name="sourceDirectory">The folder to build.</param>
    /// <returns>The full path of the default output file.</returns>
    public static string GetDefaultOutputPath(string sourceDirectory)
    {
        if (sourceDirectory == null)
        {
            throw new ArgumentNullException(nameof(sourceDirectory));
        }

        var full = Path.GetFullPath(sourceDirectory).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        var parent = Path.GetDirectoryName(full);
        var name = Path.GetFileName(full);
        if (string.IsNullOrEmpty(parent) || string.IsNullOrEmpty(name))
        {
            throw new RomfsSourceException(sourceDirectory, $"'{sourceDirectory}' is a file-system root; give an output file explicitly.");
        }

        return Path.Combine(parent, name + ".romfs");
    }

    /// <summary>Builds the contents of a folder into an image file, synchronously (see <see cref="CreateFromDirectoryAsync"/>).</summary>
    /// <param name="sourceDirectory">The folder whose contents become the image's root.</param>
    /// <param name="destinationFile">The image file, or <see langword="null"/> for <see cref="GetDefaultOutputPath"/>.</param>
    /// <param name="options">How to build.</param>
    /// <param name="overwrite">Whether an existing file may be replaced.</param>
    /// <returns>The image written, or <see langword="null"/> when the reporter declined.</returns>
    public static RomfsImageInfo? CreateFromDirectory(string sourceDirectory, string? destinationFile = null, RomfsBuildOptions? options = null, bool overwrite = false) =>
        Task.Run(() => CreateFromDirectoryAsync(sourceDirectory, destinationFile, options, overwrite)).GetAwaiter().GetResult();

    /// <summary>Builds the contents of a folder into an image file.</summary>
    /// <param name="sourceDirectory">The folder whose contents become the image's root.</param>
    /// <param name="destinationFile">The image file, or <see langword="null"/> for <see cref="GetDefaultOutputPath"/>. It may not lie inside the folder.</param>
    /// <param name="options">How to build; its reporter is asked <c>ShouldProcess</c> before anything is compiled or written.</param>
    /// <param name="overwrite">Whether an existing file may be replaced.</param>
    /// <param name="cancellationToken">Cancels the build.</param>
    /// <returns>The image written, or <see langword="null"/> when the reporter declined.</returns>
    /// <exception cref="RomfsSourceException">The folder or a file in it cannot be used, or the output lies inside the folder.</exception>
    /// <exception cref="IOException">The output exists and <paramref name="overwrite"/> is off.</exception>
    public static async Task<RomfsImageInfo?> CreateFromDirectoryAsync(string sourceDirectory, string? destinationFile, RomfsBuildOptions? options = null, bool overwrite = false, CancellationToken cancellationToken = default)
    {
        options ??= new RomfsBuildOptions();
        var source = Path.GetFullPath(sourceDirectory ?? throw new ArgumentNullException(nameof(sourceDirectory)));
        var destination = Path.GetFullPath(destinationFile ?? GetDefaultOutputPath(source));
        if (Directory.Exists(source) && RomfsSourceSet.RelativeTo(source, destination) != null)
        {
            throw new RomfsSourceException(destination, $"The output '{destination}' lies inside the source folder '{source}'; it would end up in its own next build. Write it elsewhere.");
        }

        CheckOverwrite(destination, overwrite);
        var items = RomfsSourceSet.FromDirectory(source, options.Exclude);
        if (!options.Reporter.ShouldProcess(destination, $"Build a ROMFS image from '{source}' ({items.Count(i => !i.IsDirectory)} files)"))
        {
            return null;
        }

        var bytes = await RomfsBuilder.BuildAsync(items, options.WithDefaultSourceName(new DirectoryInfo(source).Name), cancellationToken).ConfigureAwait(false);
        return Save(bytes, destination, overwrite);
    }

    /// <summary>
    /// Builds what a user named into an image file, with the rules of <c>New-RomfsImage</c>: one folder and no
    /// <paramref name="rootPath"/> builds that folder's contents; otherwise every path becomes items relative to
    /// <paramref name="rootPath"/> (see <see cref="RomfsSourceSet.FromPaths"/>). The default output is the folder's
    /// (or the root's) name plus <c>.romfs</c> beside it, and the output may never lie inside that folder.
    /// </summary>
    /// <param name="paths">Files and folders (full or relative paths).</param>
    /// <param name="rootPath">The folder image paths are relative to, or <see langword="null"/>.</param>
    /// <param name="destinationFile">The image file, or <see langword="null"/> for the default.</param>
    /// <param name="options">How to build.</param>
    /// <param name="overwrite">Whether an existing file may be replaced.</param>
    /// <param name="cancellationToken">Cancels the build.</param>
    /// <returns>The image written, or <see langword="null"/> when the reporter declined.</returns>
    /// <exception cref="RomfsSourceException">No paths, a missing path, no default output, or the output inside the source.</exception>
    public static Task<RomfsImageInfo?> CreateFromPathsAsync(IReadOnlyList<string> paths, string? rootPath, string? destinationFile, RomfsBuildOptions? options = null, bool overwrite = false, CancellationToken cancellationToken = default)
    {
        if (paths == null || paths.Count == 0)
        {
            throw new RomfsSourceException(string.Empty, "No files or folders were given to build an image from.");
        }

        options ??= new RomfsBuildOptions();
        if (rootPath == null && paths.Count == 1 && Directory.Exists(paths[0]))
        {
            return CreateFromDirectoryAsync(paths[0], destinationFile, options, overwrite, cancellationToken);
        }

        if (rootPath == null && paths.Count == 1 && !File.Exists(paths[0]))
        {
            var full = Path.GetFullPath(paths[0]);
            throw new RomfsSourceException(full, $"Cannot find '{full}': no such file or folder.");
        }

        var items = RomfsSourceSet.FromPaths(paths, rootPath, options.Exclude);
        if (destinationFile == null && rootPath == null)
        {
            throw new RomfsSourceException(paths[0], "Give an output file (-OutFile) or a root folder (-RootPath) when building from several paths or from files.");
        }

        var destination = Path.GetFullPath(destinationFile ?? GetDefaultOutputPath(rootPath!));
        if (rootPath != null && RomfsSourceSet.RelativeTo(rootPath, destination) != null)
        {
            throw new RomfsSourceException(destination, $"The output '{destination}' lies inside the root folder '{Path.GetFullPath(rootPath)}'; it would end up in its own next build. Write it elsewhere.");
        }

        var sourceName = rootPath != null ? new DirectoryInfo(Path.GetFullPath(rootPath)).Name : null;
        return CreateFromItemsAsync(items, destination, options.WithDefaultSourceName(sourceName), overwrite, cancellationToken);
    }

    /// <summary>Builds an explicit list of items into an image file.</summary>
    /// <param name="items">What goes into the image (see <see cref="RomfsSourceSet"/>).</param>
    /// <param name="destinationFile">The image file; it may not be one of the source files.</param>
    /// <param name="options">How to build; its reporter is asked <c>ShouldProcess</c> before anything is compiled or written.</param>
    /// <param name="overwrite">Whether an existing file may be replaced.</param>
    /// <param name="cancellationToken">Cancels the build.</param>
    /// <returns>The image written, or <see langword="null"/> when the reporter declined.</returns>
    public static async Task<RomfsImageInfo?> CreateFromItemsAsync(IReadOnlyList<RomfsSourceItem> items, string destinationFile, RomfsBuildOptions? options = null, bool overwrite = false, CancellationToken cancellationToken = default)
    {
        options ??= new RomfsBuildOptions();
        var destination = Path.GetFullPath(destinationFile ?? throw new ArgumentNullException(nameof(destinationFile)));
        var comparison = RomfsSourceSet.IsCaseInsensitiveFileSystem ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var clash = items.FirstOrDefault(i => i.SourceFile != null && string.Equals(Path.GetFullPath(i.SourceFile), destination, comparison));
        if (clash != null)
        {
            throw new RomfsSourceException(destination, $"The output '{destination}' is also an input ('{clash.ImagePath}' in the image). Write it elsewhere.");
        }

        CheckOverwrite(destination, overwrite);
        if (!options.Reporter.ShouldProcess(destination, $"Build a ROMFS image from {items.Count(i => !i.IsDirectory)} files"))
        {
            return null;
        }

        var bytes = await RomfsBuilder.BuildAsync(items, options, cancellationToken).ConfigureAwait(false);
        return Save(bytes, destination, overwrite);
    }

    /// <summary>Reads and parses an image file.</summary>
    /// <param name="imageFile">The image file.</param>
    /// <returns>The image and its description.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="RomfsFormatException">The file is not a well-formed image; the message names the file and the offset.</exception>
    public static RomfsImageInfo ReadInfo(string imageFile)
    {
        var full = Path.GetFullPath(imageFile ?? throw new ArgumentNullException(nameof(imageFile)));
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"Cannot find the image file '{full}'.", full);
        }

        SpecialFiles.RefuseSpecial(full, "read as an image");
        try
        {
            using var stream = File.OpenRead(full);
            return RomfsImageInfo.FromImage(RomfsImage.Read(stream), full);
        }
        catch (RomfsFormatException ex)
        {
            throw ex.WithSourcePath(full);
        }
    }

    /// <summary>Extracts an image file into a folder.</summary>
    /// <param name="imageFile">The image file.</param>
    /// <param name="destinationDirectory">The folder to extract into; created when missing.</param>
    /// <param name="overwrite">Whether existing files may be replaced.</param>
    /// <param name="reporter">Asked <c>ShouldProcess</c> once for the folder; receives progress.</param>
    /// <returns>The full paths of the files written, or an empty list when the reporter declined.</returns>
    public static IReadOnlyList<string> ExtractToDirectory(string imageFile, string destinationDirectory, bool overwrite = false, IOperationReporter? reporter = null) =>
        ExtractToDirectory(ReadInfo(imageFile).Image, destinationDirectory, overwrite, reporter);

    /// <summary>Extracts a parsed image into a folder. Every name is checked and every target is checked for an existing file before anything is written.</summary>
    /// <param name="image">The image.</param>
    /// <param name="destinationDirectory">The folder to extract into; created when missing.</param>
    /// <param name="overwrite">Whether existing files may be replaced.</param>
    /// <param name="reporter">Asked <c>ShouldProcess</c> once for the folder; receives progress.</param>
    /// <returns>The full paths of the files written, or an empty list when the reporter declined.</returns>
    /// <exception cref="RomfsFormatException">An entry's name would escape the folder (<c>..</c>, separators, drive letters, empty, NUL).</exception>
    /// <exception cref="IOException">A target file exists and <paramref name="overwrite"/> is off; nothing was written.</exception>
    public static IReadOnlyList<string> ExtractToDirectory(RomfsImage image, string destinationDirectory, bool overwrite = false, IOperationReporter? reporter = null) =>
        ExtractToDirectory(image, destinationDirectory, overwrite, reporter, null);

    internal static IReadOnlyList<string> ExtractToDirectory(RomfsImage image, string destinationDirectory, bool overwrite, IOperationReporter? reporter, Func<Stream, Stream>? wrapStream)
    {
        if (image == null)
        {
            throw new ArgumentNullException(nameof(image));
        }

        reporter ??= NullOperationReporter.Instance;
        var destination = Path.GetFullPath(destinationDirectory ?? throw new ArgumentNullException(nameof(destinationDirectory)));
        if (File.Exists(destination))
        {
            throw new IOException($"'{destination}' is a file; extraction needs a folder.");
        }

        var targets = new List<(RomfsEntry Entry, string Target)>(image.Entries.Count);
        var seen = new HashSet<string>(RomfsSourceSet.IsCaseInsensitiveFileSystem ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (var entry in image.Entries)
        {
            if (!IsSafeName(entry.Name))
            {
                throw new RomfsFormatException(entry.RecordOffset, $"the entry name '{Printable(entry.Name)}' would escape the destination folder or is not a valid file name; nothing was extracted.");
            }

            if (NameLength(entry.Name) > MaxFileNameLength)
            {
                throw new RomfsFormatException(entry.RecordOffset, $"the entry name '{Printable(Shorten(entry.Name))}' is {NameLength(entry.Name)} {NameUnit} long; this file system allows {MaxFileNameLength}. Nothing was extracted.");
            }

            var target = Path.GetFullPath(Path.Combine(destination, entry.Path.Replace('/', Path.DirectorySeparatorChar)));
            if (MaxFullPathLength is int maxPath && NameLength(target) > maxPath)
            {
                throw new RomfsFormatException(entry.RecordOffset, $"the entry '{Printable(Shorten(entry.Path))}' would be written to a path of {NameLength(target)} {NameUnit}; this file system allows {maxPath}. Extract to a shorter folder; nothing was extracted.");
            }

            if (RomfsSourceSet.RelativeTo(destination, target) is not { Length: > 0 })
            {
                throw new RomfsFormatException(entry.RecordOffset, $"the entry '{Printable(entry.Path)}' would be written outside the destination folder; nothing was extracted.");
            }

            if (!seen.Add(target))
            {
                throw new RomfsFormatException(entry.RecordOffset, $"the image holds '{Printable(entry.Path)}' more than once (or twice in different case, which this file system does not tell apart); nothing was extracted.");
            }

            targets.Add((entry, target));
        }

        RefuseLinksInside(destination, targets.Select(t => t.Target));

        foreach (var (entry, target) in targets)
        {
            if (entry.Kind == RomfsEntryKind.File)
            {
                if (Directory.Exists(target))
                {
                    throw new IOException($"'{target}' is a folder, so the file '{entry.Path}' cannot be extracted there; nothing was extracted.");
                }

                if (!overwrite && File.Exists(target))
                {
                    throw new RomfsOutputExistsException(target, "Nothing was extracted.");
                }
            }
            else if (File.Exists(target))
            {
                throw new IOException($"'{target}' is a file, so the folder '{entry.Path}' cannot be extracted there; nothing was extracted.");
            }
        }

        if (!reporter.ShouldProcess(destination, $"Extract {image.FileCount} files and {image.DirectoryCount} folders"))
        {
            return Array.Empty<string>();
        }

        // All or nothing: what this extraction creates is recorded, and removed again if any step fails.
        var createdFolders = new List<string>();
        var createdFiles = new List<string>();
        var written = new List<string>();
        var done = 0;
        try
        {
            CreateFolder(destination, createdFolders);
            foreach (var (entry, target) in targets)
            {
                if (entry.Kind == RomfsEntryKind.Directory)
                {
                    CreateFolder(target, createdFolders);
                    continue;
                }

                CreateFolder(Path.GetDirectoryName(target)!, createdFolders);
                var existed = File.Exists(target);
                AtomicFileWriter.WriteAllBytes(target, image.GetData(entry).Span, overwrite, wrapStream);
                if (!existed)
                {
                    createdFiles.Add(target);
                }

                written.Add(target);
                done++;
                reporter.Progress(new OperationProgress(0x5245, "Extracting ROMFS image", entry.Path, done, image.FileCount));
            }
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
        {
            RemoveCreated(createdFiles, createdFolders);
            var replaced = written.Count - createdFiles.Count;
            throw new IOException($"Extracting into '{destination}' failed: {ex.Message} The files and folders it had created were removed{(replaced > 0 ? $"; {replaced} existing file(s) had already been replaced" : string.Empty)}.", ex);
        }

        reporter.Progress(new OperationProgress(0x5245, "Extracting ROMFS image", "Done", done, image.FileCount, isCompleted: true));
        return written;
    }

    /// <summary>Writes image bytes to a file atomically and describes them.</summary>
    /// <param name="image">The image bytes.</param>
    /// <param name="destinationFile">The file.</param>
    /// <param name="overwrite">Whether an existing file may be replaced.</param>
    /// <returns>The image written.</returns>
    public static RomfsImageInfo Save(byte[] image, string destinationFile, bool overwrite = false) => Save(image, destinationFile, overwrite, null);

    internal static RomfsImageInfo Save(byte[] image, string destinationFile, bool overwrite, Func<Stream, Stream>? wrapStream)
    {
        if (image == null)
        {
            throw new ArgumentNullException(nameof(image));
        }

        // Never write what ReadInfo would refuse to read back.
        if (image.Length > RomfsImage.DefaultMaxStreamLength)
        {
            throw new IOException($"The image is {image.Length} bytes, more than the {RomfsImage.DefaultMaxStreamLength} bytes (256 MiB) an image may hold; '{Path.GetFullPath(destinationFile)}' was not written.");
        }

        var parsed = RomfsImage.Parse(image);
        AtomicFileWriter.WriteAllBytes(destinationFile, image, overwrite, wrapStream);
        return RomfsImageInfo.FromImage(parsed, destinationFile);
    }

    private static void CheckOverwrite(string destination, bool overwrite)
    {
        if (!overwrite && File.Exists(destination))
        {
            throw new RomfsOutputExistsException(destination);
        }

        if (Directory.Exists(destination))
        {
            throw new IOException($"'{destination}' is a folder; give a file name for the output.");
        }
    }

    // Linux and macOS count a name in UTF-8 bytes, Windows in UTF-16 code units; both allow 255.
    private const int MaxFileNameLength = 255;

    private static string NameUnit => Path.DirectorySeparatorChar == '\\' ? "characters" : "bytes";

    // PATH_MAX (with its NUL) on Linux and macOS; .NET on Windows lifts MAX_PATH itself.
    private static int? MaxFullPathLength =>
        System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Linux) ? 4095
        : System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.OSX) ? 1023
        : null;

    private static int NameLength(string name) => Path.DirectorySeparatorChar == '\\' ? name.Length : System.Text.Encoding.UTF8.GetByteCount(name);

    private static string Shorten(string text) => text.Length <= 80 ? text : text.Substring(0, 40) + "..." + text.Substring(text.Length - 30);

    private static void CreateFolder(string folder, List<string> created)
    {
        if (Directory.Exists(folder))
        {
            return;
        }

        // Parents first, so each one this extraction makes is known and can be removed again.
        var missing = new Stack<string>();
        for (var current = folder; !string.IsNullOrEmpty(current) && !Directory.Exists(current); current = Path.GetDirectoryName(current))
        {
            missing.Push(current);
        }

        while (missing.Count > 0)
        {
            var next = missing.Pop();
            Directory.CreateDirectory(next);
            created.Add(next);
        }
    }

    private static void RemoveCreated(List<string> files, List<string> folders)
    {
        foreach (var file in files)
        {
            try
            {
                File.Delete(file);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
            }
        }

        for (var i = folders.Count - 1; i >= 0; i--)
        {
            try
            {
                Directory.Delete(folders[i], recursive: false);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
            }
        }
    }

    private static void RefuseLinksInside(string destination, IEnumerable<string> targets)
    {
        // A symbolic link already inside the destination could carry writes outside it, so none may be crossed.
        var checkedFolders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var target in targets)
        {
            var relative = RomfsSourceSet.RelativeTo(destination, target)!;
            var parts = relative.Split('/');
            var current = destination;
            for (var i = 0; i < parts.Length; i++)
            {
                current = Path.Combine(current, parts[i]);
                if (!checkedFolders.Add(current))
                {
                    continue;
                }

                var info = new FileInfo(current);
                if (info.Exists || Directory.Exists(current))
                {
                    if (FileSystemLinks.IsLink(info) && (i < parts.Length - 1 || Directory.Exists(current)))
                    {
                        throw new IOException($"'{current}' is a symbolic link inside the destination folder; extracting through it could write outside '{destination}'. Nothing was extracted.");
                    }
                }
                else
                {
                    break;
                }
            }
        }
    }

    private static bool IsSafeName(string name)
    {
        if (name.Length == 0 || name == "." || name == "..")
        {
            return false;
        }

        foreach (var c in name)
        {
            if (c == '/' || c == '\\' || c == '\0' || c == ':' || c < 0x20)
            {
                return false;
            }
        }

        return name.Trim().Length == name.Length || Path.DirectorySeparatorChar == '/';
    }

    private static string Printable(string name)
    {
        var text = new System.Text.StringBuilder();
        foreach (var c in name)
        {
            text.Append(c < 0x20 ? $"\\x{(int)c:x2}" : c.ToString());
        }

        return text.ToString();
    }
}
