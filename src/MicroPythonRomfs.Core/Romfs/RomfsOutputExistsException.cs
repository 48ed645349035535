namespace MicroPythonRomfs.Romfs;

/// <summary>Raised when an output file already exists and overwriting was not asked for; nothing was written.</summary>
public sealed class RomfsOutputExistsException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The existing file.</param>
    /// <param name="what">What was refused, for example "Nothing was extracted.".</param>
    public RomfsOutputExistsException(string path, string? what = null)
        : base($"The file '{path}' already exists; use -Force (or --force) to overwrite it." + (what == null ? string.Empty : " " + what))
    {
        Path = path;
    }

    /// <summary>The existing file.</summary>
    public string Path { get; }
}
