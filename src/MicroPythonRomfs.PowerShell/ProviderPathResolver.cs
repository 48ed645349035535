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
            catch (ItemNotFoundException)
            {
                cmdlet.WriteError(RomfsErrorRecords.PathNotFound(path));
            }
        }

        return resolved;
    }

    /// <summary>Resolves one output path that may not exist yet.</summary>
    public static string ResolveOutput(PSCmdlet cmdlet, string path) => cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
}
