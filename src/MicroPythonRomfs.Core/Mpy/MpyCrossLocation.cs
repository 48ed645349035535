namespace MicroPythonRomfs.Mpy;

/// <summary>Where <c>mpy-cross</c> was found, or why it was not; from <see cref="MpyCrossLocator.Locate(string?)"/>.</summary>
public sealed class MpyCrossLocation
{
    internal MpyCrossLocation(string? path, string explanation)
    {
        Path = path;
        Explanation = explanation;
    }

    /// <summary>The full path of the <c>mpy-cross</c> executable, or <see langword="null"/> when none was found.</summary>
    public string? Path { get; }

    /// <summary>Whether an executable was found.</summary>
    public bool IsFound => Path != null;

    /// <summary>
    /// Where the path came from ("given explicitly", "from MPY_CROSS", "found on PATH") or, when none was found,
    /// a sentence for the warning that says what was looked at and what to install.
    /// </summary>
    public string Explanation { get; }
}
