namespace MicroPythonRomfs.Romfs;

/// <summary>Writes a whole file through a temporary file beside it and a rename, so no reader sees half a file.</summary>
internal static class AtomicFileWriter
{
    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>.</summary>
    /// <param name="path">The target file.</param>
    /// <param name="bytes">The whole content.</param>
    /// <param name="overwrite">Whether an existing file may be replaced.</param>
    /// <param name="wrapStream">Tests use it to make writing fail part-way.</param>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes, bool overwrite, Func<Stream, Stream>? wrapStream = null)
    {
        WriteCore(path, bytes.ToArray(), overwrite, wrapStream);
    }

    /// <summary>A name for a temporary file in the same folder as <paramref name="full"/>: 22 bytes, whatever the target's name.</summary>
    /// <param name="full">The target's full path.</param>
    /// <returns>The temporary file's full path.</returns>
    public static string TemporaryPathBeside(string full) =>
        Path.Combine(Path.GetDirectoryName(full) ?? string.Empty, ".mpromfs-" + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");

    private static void WriteCore(string path, byte[] buffer, bool overwrite, Func<Stream, Stream>? wrapStream)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full) ?? throw new IOException($"'{full}' has no parent folder.");
        if (!overwrite && File.Exists(full))
        {
            throw new RomfsOutputExistsException(full);
        }

        if (Directory.Exists(full))
        {
            throw new IOException($"'{full}' is a folder; give a file name for the output.");
        }

        // A short name of its own: the target's name plus a suffix would not fit beside a 255-byte name.
        var temporary = TemporaryPathBeside(full);
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            using (var stream = wrapStream == null ? file : wrapStream(file))
            {
                stream.Write(buffer, 0, buffer.Length);
                stream.Flush();
                file.Flush(flushToDisk: true);
            }

            if (File.Exists(full))
            {
                if (!overwrite)
                {
                    throw new RomfsOutputExistsException(full);
                }

                File.Replace(temporary, full, destinationBackupFileName: null);
            }
            else
            {
                File.Move(temporary, full);
            }
        }
        catch (Exception ex) when ((ex is IOException || ex is UnauthorizedAccessException) && ex is not RomfsOutputExistsException)
        {
            // The temporary file is ours, not the user's: the message names the file they asked for.
            var reason = ex is UnauthorizedAccessException ? "access is denied" : ex.Message.Replace(temporary, full);
            throw new IOException($"Cannot write '{full}': {reason}", ex);
        }
        finally
        {
            if (File.Exists(temporary))
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
}
