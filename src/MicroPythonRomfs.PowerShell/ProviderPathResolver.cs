using System.Management.Automation;

namespace MicroPythonRomfs.PowerShell;

/// <summary>Turns -Path (wildcards) and -LiteralPath values into file-system paths, as platyPS and the built-in cmdlets do.</summary>
internal static class ProviderPathResolver
{
    /// <summary>Resolves paths; each one that matches nothing or is not on the file system is reported with WriteError.</summary>
    public static List<string> Resolve(PSCmdlet cmdlet, IEnumerable<string> paths, bool literal)
    {
        var resolved = new List<string>();
        foreach (var path in paths)
        {
            try
            {
                if (literal)
                {
                    var full = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
                    if (provider.Name != "FileSystem")
                    {
                        cmdlet.WriteError(RomfsErrorRecords.NotFileSystem(path));
                        continue;
                    }

                    if (!File.Exists(full) && !Directory.Exists(full))
                    {
                        cmdlet.WriteError(RomfsErrorRecords.PathNotFound(full));
                        continue;
                    }

                    resolved.Add(full);
                }
                else
                {
                    var matches = cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out var provider);
                    if (provider.Name != "FileSystem")
                    {
                        cmdlet.WriteError(RomfsErrorRecords.NotFileSystem(path));
                        continue;
                    }

                    resolved.AddRange(matches);
                }
            }
            catch (Exception ex) when (ex is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or NotSupportedException)
            {
                cmdlet.WriteError(RomfsErrorRecords.PathNotFound(path));
            }
        }

        return resolved;
    }

    /// <summary>
    /// Resolves a path that must name exactly one existing file or folder; anything else is one terminating error
    /// naming the path: not found, not on the file system, or a wildcard matching several items.
    /// </summary>
    /// <param name="cmdlet">The cmdlet, whose location relative paths start from.</param>
    /// <param name="path">The path as given.</param>
    /// <param name="literal">Whether wildcard characters are part of the name (-LiteralPath).</param>
    /// <param name="wanted">What the path should name, for messages ("image file or folder").</param>
    /// <returns>The file-system path.</returns>
    public static string ResolveOne(PSCmdlet cmdlet, string path, bool literal, string wanted)
    {
        List<string> matches;
        try
        {
            if (literal || !WildcardPattern.ContainsWildcardCharacters(path))
            {
                var full = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
                if (provider.Name != "FileSystem")
                {
                    cmdlet.ThrowTerminatingError(RomfsErrorRecords.NotFileSystem(path));
                }

                if (!File.Exists(full) && !Directory.Exists(full))
                {
                    cmdlet.ThrowTerminatingError(RomfsErrorRecords.PathNotFound(full));
                }

                return full;
            }

            matches = cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out var wildcardProvider).ToList();
            if (wildcardProvider.Name != "FileSystem")
            {
                cmdlet.ThrowTerminatingError(RomfsErrorRecords.NotFileSystem(path));
            }
        }
        catch (Exception ex) when (ex is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or NotSupportedException or ArgumentException)
        {
            matches = new List<string>();
        }

        if (matches.Count == 0)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(
                new ItemNotFoundException($"Cannot find the path '{path}': no item matches it. If the wildcard characters ([, ], *, ?) are part of the name, use -LiteralPath."),
                RomfsErrorRecords.PathNotFoundId,
                ErrorCategory.ObjectNotFound,
                path));
        }

        if (matches.Count > 1)
        {
            cmdlet.ThrowTerminatingError(RomfsErrorRecords.Ambiguous(path, matches, wanted));
        }

        return matches[0];
    }

    /// <summary>Resolves one output path that may not exist yet.</summary>
    public static string ResolveOutput(PSCmdlet cmdlet, string path) => cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
}
