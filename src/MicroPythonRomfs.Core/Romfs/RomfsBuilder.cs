using MicroPythonRomfs.Mpy;
using MicroPythonRomfs.Reporting;

namespace MicroPythonRomfs.Romfs;

/// <summary>
/// Builds ROMFS images from a folder, a list of items, or bytes in memory, the way upstream
/// <c>mpremote romfs build</c> does: entries in code-point order of their names, <c>x.py</c> compiled to
/// <c>x.mpy</c> only when no <c>x.mpy</c> sits beside it, and the same bytes for the same input every time.
/// </summary>
public static class RomfsBuilder
{
    private const int ProgressActivityId = 0x524f;

    /// <summary>Builds an image from every file and folder below <paramref name="sourceDirectory"/>.</summary>
    /// <param name="sourceDirectory">The folder whose contents become the image's root.</param>
    /// <param name="options">How to build; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels reading and compiling.</param>
    /// <returns>The image bytes.</returns>
    /// <exception cref="RomfsSourceException">A source file or folder cannot be used; the message names it.</exception>
    /// <exception cref="MpyCompilationException">A <c>.py</c> file does not compile.</exception>
    /// <exception cref="MpyCompatibilityException">A <c>.mpy</c> would be refused by <see cref="RomfsBuildOptions.Target"/> and <see cref="RomfsBuildOptions.RejectIncompatibleMpy"/> is on.</exception>
    public static Task<byte[]> BuildAsync(string sourceDirectory, RomfsBuildOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new RomfsBuildOptions();
        var items = RomfsSourceSet.FromDirectory(sourceDirectory, options.Exclude);
        var sourceName = options.SourceName ?? new DirectoryInfo(Path.GetFullPath(sourceDirectory)).Name;
        return BuildAsync(items, options, sourceName, cancellationToken);
    }

    /// <summary>Builds an image from an explicit list of items.</summary>
    /// <param name="items">Directories, files on disk and files in memory, at their paths inside the image. Parents of files are created as needed.</param>
    /// <param name="options">How to build; <see cref="RomfsBuildOptions.SourceName"/> defaults to <c>romfs</c> here.</param>
    /// <param name="cancellationToken">Cancels reading and compiling.</param>
    /// <returns>The image bytes.</returns>
    /// <exception cref="RomfsSourceException">A source file cannot be read, or two items claim one path.</exception>
    /// <exception cref="MpyCompilationException">A <c>.py</c> file does not compile.</exception>
    /// <exception cref="MpyCompatibilityException">A <c>.mpy</c> would be refused by <see cref="RomfsBuildOptions.Target"/> and <see cref="RomfsBuildOptions.RejectIncompatibleMpy"/> is on.</exception>
    public static Task<byte[]> BuildAsync(IEnumerable<RomfsSourceItem> items, RomfsBuildOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new RomfsBuildOptions();
        return BuildAsync(items, options, options.SourceName ?? "romfs", cancellationToken);
    }

    private static async Task<byte[]> BuildAsync(IEnumerable<RomfsSourceItem> items, RomfsBuildOptions options, string sourceName, CancellationToken cancellationToken)
    {
        if (items == null)
        {
            throw new ArgumentNullException(nameof(items));
        }

        var reporter = options.Reporter ?? NullOperationReporter.Instance;
        var writer = new RomfsWriter(options.Alignment);
        var root = BuildTree(items, new RomfsExcludeFilter(options.Exclude));
        var ranked = RankLastFiles(root, options.LastFiles);
        var files = new List<TreeNode>();
        CollectFiles(root, files);

        // Read everything first: an unreadable file fails the build before any time goes into compiling.
        var done = 0;
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (file.Data == null)
            {
                file.Data = await ReadFileAsync(file.SourceFile!, options, cancellationToken).ConfigureAwait(false);
            }

            done++;
            reporter.Progress(new OperationProgress(ProgressActivityId, "Building ROMFS image", "Reading " + file.ImagePath, done, files.Count));
        }

        ValidateTotalSize(files);
        await CompileAsync(files, options, sourceName, reporter, cancellationToken).ConfigureAwait(false);
        ValidateStoredNames(files);
        ValidateTotalSize(files);

        RomfsMpyCheck.Run(files.Select(f => (f.ImagePath.Substring(0, f.ImagePath.Length - f.Name.Length) + f.StoredName, f.Data!.Value)).ToList(), options, reporter);

        Write(writer, root, null, 0);
        byte[] image;
        try
        {
            image = writer.ToArray();
        }
        catch (InvalidOperationException ex)
        {
            throw new RomfsSourceException(sourceName, ex.Message + " Nothing was written.", ex);
        }

        if (ranked)
        {
            image = PadToStableLength(root, options.Alignment, image);
        }

        reporter.Progress(new OperationProgress(ProgressActivityId, "Building ROMFS image", $"{image.Length} bytes", files.Count, files.Count, isCompleted: true));
        reporter.Verbose($"Built a ROMFS image of {image.Length} bytes: {files.Count} files.");
        return image;
    }

    private static TreeNode BuildTree(IEnumerable<RomfsSourceItem> items, RomfsExcludeFilter filter)
    {
        var root = new TreeNode(string.Empty, string.Empty, isDirectory: true);
        foreach (var item in items)
        {
            if (item == null)
            {
                throw new ArgumentException("The item list holds a null item.", nameof(items));
            }

            if (item.ImagePath.Length == 0)
            {
                if (item.IsDirectory)
                {
                    continue;
                }

                throw new RomfsSourceException(item.SourceFile ?? string.Empty, $"The file '{item.SourceFile ?? "(memory)"}' has an empty path inside the image.");
            }

            if (filter.ExcludesSelfOrAncestor(item.ImagePath))
            {
                continue;
            }

            var parts = item.ImagePath.Split('/');
            ValidatePath(item.ImagePath, parts.Length, item);
            var node = root;
            for (var i = 0; i < parts.Length; i++)
            {
                var part = parts[i];
                ValidateName(part, item);
                var last = i == parts.Length - 1;
                if (!node.Children.TryGetValue(part, out var child))
                {
                    var path = node.ImagePath.Length == 0 ? part : node.ImagePath + "/" + part;
                    child = new TreeNode(part, path, isDirectory: !last || item.IsDirectory);
                    node.Children.Add(part, child);
                    if (last && !item.IsDirectory)
                    {
                        child.SourceFile = item.SourceFile;
                        child.Data = item.Data;
                    }
                }
                else if (last && (!item.IsDirectory || !child.IsDirectory))
                {
                    throw new RomfsSourceException(item.SourceFile ?? item.ImagePath, $"Two items claim the path '{item.ImagePath}' in the image ('{child.SourceFile ?? "a folder"}' and '{item.SourceFile ?? (item.IsDirectory ? "a folder" : "(memory)")}').");
                }
                else if (!child.IsDirectory)
                {
                    throw new RomfsSourceException(item.SourceFile ?? item.ImagePath, $"'{child.ImagePath}' is a file in the image, so '{item.ImagePath}' cannot be placed below it.");
                }

                node = child;
            }
        }

        return root;
    }

    // The delta-friendly layout: a file named in LastFiles, and every folder above it, sorts after its unranked
    // siblings, later names after earlier ones; unranked entries keep upstream's order.
    private static bool RankLastFiles(TreeNode root, IReadOnlyList<string>? lastFiles)
    {
        var any = false;
        if (lastFiles == null)
        {
            return false;
        }

        for (var rank = 0; rank < lastFiles.Count; rank++)
        {
            var path = lastFiles[rank]?.Replace('\\', '/').Trim('/');
            if (string.IsNullOrEmpty(path))
            {
                continue;
            }

            var chain = new List<TreeNode>();
            var node = root;
            foreach (var part in path!.Split('/'))
            {
                if (!node.Children.TryGetValue(part, out node))
                {
                    chain.Clear();
                    break;
                }

                chain.Add(node);
            }

            foreach (var member in chain)
            {
                member.Rank = Math.Max(member.Rank, rank);
                any = true;
            }
        }

        return any;
    }

    private static void ValidateName(string name, RomfsSourceItem item)
    {
        if (name.Length == 0 || name == "." || name == ".." || name.IndexOf('\0') >= 0)
        {
            throw new RomfsSourceException(item.SourceFile ?? item.ImagePath, $"The path '{item.ImagePath}' inside the image has an empty, '.', '..' or NUL-holding part.");
        }

        if (Utf8Length(name) > RomfsImage.MaxNameLength)
        {
            throw new RomfsSourceException(item.SourceFile ?? item.ImagePath, $"The name '{Shorten(name)}' in '{Shorten(item.SourceFile ?? item.ImagePath)}' is {Utf8Length(name)} bytes long in UTF-8; ROMFS images hold names of at most {RomfsImage.MaxNameLength} bytes. Nothing was written.");
        }
    }

    // The checks the image reader makes, made before anything is read or written, so a build never produces an
    // image that this tool (or a board) would refuse.
    private static void ValidatePath(string imagePath, int depth, RomfsSourceItem item)
    {
        if (depth > RomfsImage.MaxDepth + 1)
        {
            throw new RomfsSourceException(item.SourceFile ?? imagePath, $"'{Shorten(imagePath)}' lies {depth - 1} folders deep; ROMFS images nest folders at most {RomfsImage.MaxDepth} deep. Nothing was written.");
        }

        var length = Utf8Length(imagePath);
        if (length > RomfsImage.MaxPathLength)
        {
            throw new RomfsSourceException(item.SourceFile ?? imagePath, $"The path '{Shorten(imagePath)}' inside the image is {length} bytes long in UTF-8; ROMFS images hold paths of at most {RomfsImage.MaxPathLength} bytes. Nothing was written.");
        }
    }

    private static void ValidateStoredNames(IEnumerable<TreeNode> files)
    {
        // x.py stored as x.mpy is one byte longer than the name that was checked.
        foreach (var file in files)
        {
            if (ReferenceEquals(file.StoredName, file.Name))
            {
                continue;
            }

            var stored = file.ImagePath.Substring(0, file.ImagePath.Length - file.Name.Length) + file.StoredName;
            if (Utf8Length(file.StoredName) > RomfsImage.MaxNameLength || Utf8Length(stored) > RomfsImage.MaxPathLength)
            {
                throw new RomfsSourceException(file.SourceFile ?? file.ImagePath, $"'{Shorten(file.ImagePath)}' would be stored as '{Shorten(file.StoredName)}', longer than a ROMFS image holds ({RomfsImage.MaxNameLength} bytes per name, {RomfsImage.MaxPathLength} per path); rename it or build with -NoMpy (mpromfs: --no-mpy). Nothing was written.");
            }
        }
    }

    private static void ValidateTotalSize(IEnumerable<TreeNode> files)
    {
        long total = 0;
        foreach (var file in files)
        {
            total += file.Data!.Value.Length;
            if (total > RomfsImage.DefaultMaxStreamLength)
            {
                throw new RomfsSourceException(file.SourceFile ?? file.ImagePath, $"The files hold more than {RomfsImage.DefaultMaxStreamLength} bytes (256 MiB), the most a ROMFS image may hold; build from fewer files. Nothing was written.");
            }
        }
    }

    private static int Utf8Length(string text) => System.Text.Encoding.UTF8.GetByteCount(text);

    private static string Shorten(string text) => text.Length <= 80 ? text : text.Substring(0, 40) + "..." + text.Substring(text.Length - 30);

    private static void CollectFiles(TreeNode root, List<TreeNode> files)
    {
        var stack = new Stack<TreeNode>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            var ordered = node.Sorted();
            for (var i = ordered.Count - 1; i >= 0; i--)
            {
                var child = ordered[i];
                if (child.IsDirectory)
                {
                    stack.Push(child);
                }
            }

            foreach (var child in ordered)
            {
                if (!child.IsDirectory)
                {
                    files.Add(child);
                }
            }
        }
    }

    private static async Task CompileAsync(List<TreeNode> files, RomfsBuildOptions options, string sourceName, IOperationReporter reporter, CancellationToken cancellationToken)
    {
        if (!options.CompileMpy)
        {
            return;
        }

        var candidates = files.Where(f => IsCompileCandidate(f)).ToList();
        if (candidates.Count == 0)
        {
            return;
        }

        foreach (var file in candidates)
        {
            if (file.Parent!.Children.TryGetValue(MpyName(file.Name), out var clash) && clash.IsDirectory)
            {
                throw new RomfsSourceException(file.SourceFile ?? file.ImagePath, $"'{file.ImagePath}' would be stored as '{clash.ImagePath}', but a folder of that name sits beside it; rename one, or build with -NoMpy.");
            }
        }

        if (options.Compiler == null)
        {
            reporter.Warning($"No .mpy compiler is available, so {candidates.Count} .py file(s) are stored as source. Install mpy-cross and pass it with -MpyCross or the MPY_CROSS environment variable, or build with -NoMpy (mpromfs: --no-mpy) to store sources without this warning.");
            return;
        }

        var temporaryFiles = new List<string>();
        try
        {
            var requests = new List<MpyCompileRequest>(candidates.Count);
            foreach (var file in candidates)
            {
                var sourceFile = file.SourceFile;
                if (sourceFile == null)
                {
                    // In-memory sources reach the compiler through a temporary file.
                    sourceFile = Path.Combine(Path.GetTempPath(), "mpromfs-" + Guid.NewGuid().ToString("N") + ".py");
                    File.WriteAllBytes(sourceFile, file.Data!.Value.ToArray());
                    temporaryFiles.Add(sourceFile);
                }

                requests.Add(new MpyCompileRequest(sourceFile, sourceName + "/" + file.ImagePath));
            }

            reporter.Verbose($"Compiling {requests.Count} .py file(s) with {options.Compiler.Description}.");
            var outputs = await options.Compiler.CompileAsync(requests, cancellationToken).ConfigureAwait(false);
            if (outputs == null || outputs.Count != requests.Count)
            {
                throw new InvalidOperationException($"The compiler '{options.Compiler.Description}' returned {outputs?.Count ?? 0} results for {requests.Count} files.");
            }

            for (var i = 0; i < candidates.Count; i++)
            {
                // A null result means the compiler left this file as source: it keeps its .py name and bytes.
                if (outputs[i] is byte[] compiled)
                {
                    candidates[i].StoredName = MpyName(candidates[i].Name);
                    candidates[i].Data = compiled;
                }
            }
        }
        finally
        {
            foreach (var temporary in temporaryFiles)
            {
                try
                {
                    File.Delete(temporary);
                }
                catch (IOException)
                {
                }
            }
        }
    }

    private static bool IsCompileCandidate(TreeNode file)
    {
        if (!file.Name.EndsWith(".py", StringComparison.Ordinal))
        {
            return false;
        }

        return !(file.Parent!.Children.TryGetValue(MpyName(file.Name), out var sibling) && !sibling.IsDirectory);
    }

    private static string MpyName(string pyName) => pyName.Substring(0, pyName.Length - 3) + ".mpy";

    private static async Task<byte[]> ReadFileAsync(string path, RomfsBuildOptions options, CancellationToken cancellationToken)
    {
        if (options.OpenFile == null)
        {
            SpecialFiles.RefuseSpecial(path, "put in a ROMFS image");
        }

        try
        {
            using var stream = options.OpenFile != null
                ? options.OpenFile(path)
                : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, useAsync: false);
            if (stream.CanSeek)
            {
                // Read straight into an array of the file's size: one copy fewer than going through a MemoryStream.
                var data = new byte[checked((int)stream.Length)];
                var filled = 0;
                int read;
                while (filled < data.Length && (read = stream.Read(data, filled, data.Length - filled)) > 0)
                {
                    filled += read;
                }

                if (filled == data.Length && stream.ReadByte() == -1)
                {
                    return data;
                }

                throw new RomfsSourceException(path, $"The file '{path}' changed size while it was being read; build again when it is no longer being written.");
            }

            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, 81920, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is System.Security.SecurityException || ex is OverflowException)
        {
            if (ex is RomfsSourceException)
            {
                throw;
            }

            var reason = ex is UnauthorizedAccessException ? "access is denied" : ex.Message;
            throw new RomfsSourceException(path, $"Cannot read the file '{path}': {reason}", ex);
        }
    }

    // The delta-friendly layout's second half: padding at the end of the last folder (the one holding the file edited
    // last) brings the image to a multiple of the write unit, so while that file changes size within the unit, the
    // image's length and every record header above the padding stay the same and the bytes before the file do not move.
    // Widening a varuint can change the length again, so the padding is adjusted a few times; when it does not
    // settle, the image without padding (equally valid) is kept.
    private static byte[] PadToStableLength(TreeNode root, int alignment, byte[] unpadded)
    {
        const int Unit = 4096;
        var host = root;
        while (host.Sorted().Count > 0 && host.Sorted()[host.Sorted().Count - 1].IsDirectory)
        {
            host = host.Sorted()[host.Sorted().Count - 1];
        }

        long target = (unpadded.Length + Unit - 1L) / Unit * Unit;
        var padding = target - unpadded.Length;
        for (var attempt = 0; attempt < 8; attempt++)
        {
            if (padding == 0)
            {
                return unpadded;
            }

            if (padding < 2)
            {
                target += Unit;
                padding += Unit;
            }

            var writer = new RomfsWriter(alignment);
            Write(writer, root, host, (int)padding);
            var image = writer.ToArray();

            // The header's varuint must have its shortest form too (a 0x80 lead byte means the writer widened it to keep
            // the length even): one byte more of padding gives the same length with the header unchanged.
            var widened = image.Length > 3 && image[3] == 0x80;
            if (image.Length == target && !widened)
            {
                return image;
            }

            padding -= image.Length - target;
            if (widened)
            {
                padding++;
            }
        }

        return unpadded;
    }

    private static void Write(RomfsWriter writer, TreeNode directory, TreeNode? paddingHost, int padding)
    {
        // The writer's API nests; walk with an explicit stack of (node, next child index).
        var stack = new Stack<(TreeNode Node, IReadOnlyList<TreeNode> Children, int Index)>();
        stack.Push((directory, directory.Sorted(), 0));
        while (stack.Count > 0)
        {
            var (node, children, index) = stack.Pop();
            if (index >= children.Count)
            {
                if (ReferenceEquals(node, paddingHost))
                {
                    writer.AddPadding(padding);
                }

                if (stack.Count > 0)
                {
                    writer.CloseDirectory();
                }

                continue;
            }

            stack.Push((node, children, index + 1));
            var child = children[index];
            if (child.IsDirectory)
            {
                writer.OpenDirectory(child.Name);
                stack.Push((child, child.Sorted(), 0));
            }
            else
            {
                writer.AddFile(child.StoredName, child.Data!.Value);
            }
        }
    }

    private sealed class TreeNode
    {
        private List<TreeNode>? _sorted;

        public TreeNode(string name, string imagePath, bool isDirectory)
        {
            Name = name;
            StoredName = name;
            ImagePath = imagePath;
            IsDirectory = isDirectory;
            Children = new ChildMap(this);
        }

        public string Name { get; }

        public string StoredName { get; set; }

        public string ImagePath { get; }

        public bool IsDirectory { get; }

        public TreeNode? Parent { get; set; }

        public ChildMap Children { get; }

        public string? SourceFile { get; set; }

        /// <summary>The place in <see cref="RomfsBuildOptions.LastFiles"/> of this file or the latest one below this folder; -1 for none.</summary>
        public int Rank { get; set; } = -1;

        public ReadOnlyMemory<byte>? Data { get; set; }

        public IReadOnlyList<TreeNode> Sorted()
        {
            if (_sorted == null)
            {
                _sorted = Children.Values.ToList();
                // Upstream sorts by the names on disk, before x.py becomes x.mpy.
                _sorted.Sort((a, b) => a.Rank != b.Rank ? a.Rank.CompareTo(b.Rank) : RomfsNameComparer.Instance.Compare(a.Name, b.Name));
            }

            return _sorted;
        }
    }

    private sealed class ChildMap
    {
        private readonly TreeNode _owner;
        private readonly Dictionary<string, TreeNode> _map = new(StringComparer.Ordinal);

        public ChildMap(TreeNode owner) => _owner = owner;

        public IEnumerable<TreeNode> Values => _map.Values;

        public bool TryGetValue(string name, out TreeNode node) => _map.TryGetValue(name, out node!);

        public void Add(string name, TreeNode node)
        {
            node.Parent = _owner;
            _map.Add(name, node);
        }
    }
}
