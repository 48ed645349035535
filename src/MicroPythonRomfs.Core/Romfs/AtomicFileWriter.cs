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

        var temporary = Path.Combine(directory, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N").Substring(0, 12) + ".tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            using (var stream = wrapStream == null ? file : wrapStream(file))
            {
                var buffer = bytes.ToArray();
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
