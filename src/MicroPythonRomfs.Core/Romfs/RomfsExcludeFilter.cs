using System.Text;
using System.Text.RegularExpressions;

namespace MicroPythonRomfs.Romfs;

/// <summary>Decides which entries the <see cref="RomfsBuildOptions.Exclude"/> patterns leave out.</summary>
internal sealed class RomfsExcludeFilter
{
    private readonly List<(Regex Regex, bool MatchesPath)> _patterns = new();

    public RomfsExcludeFilter(IEnumerable<string>? patterns)
    {
        foreach (var raw in patterns ?? Array.Empty<string>())
        {
            if (string.IsNullOrWhiteSpace(raw))
            {
                continue;
            }

            var pattern = raw.Replace('\\', '/').Trim();
            if (pattern.StartsWith("./", StringComparison.Ordinal))
            {
                pattern = pattern.Substring(2);
            }

            pattern = pattern.Trim('/');
            _patterns.Add((ToRegex(pattern), pattern.IndexOf('/') >= 0));
        }
    }

    public bool IsEmpty => _patterns.Count == 0;

    /// <summary>Whether the entry at <paramref name="imagePath"/> (<c>/</c>-separated) is left out.</summary>
    public bool Excludes(string imagePath)
    {
        if (_patterns.Count == 0)
        {
            return false;
        }

        var slash = imagePath.LastIndexOf('/');
        var name = slash < 0 ? imagePath : imagePath.Substring(slash + 1);
        foreach (var (regex, matchesPath) in _patterns)
        {
            if (regex.IsMatch(matchesPath ? imagePath : name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the entry or any directory above it is left out.</summary>
    public bool ExcludesSelfOrAncestor(string imagePath)
    {
        if (_patterns.Count == 0)
        {
            return false;
        }

        var index = -1;
        while ((index = imagePath.IndexOf('/', index + 1)) >= 0)
        {
            if (Excludes(imagePath.Substring(0, index)))
            {
                return true;
            }
        }

        return Excludes(imagePath);
    }

    private static Regex ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*')
            {
                if (i + 1 < pattern.Length && pattern[i + 1] == '*')
                {
                    regex.Append(".*");
                    i++;
                }
                else
                {
                    regex.Append("[^/]*");
                }
            }
            else if (c == '?')
            {
                regex.Append("[^/]");
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }

        regex.Append('$');
        return new Regex(regex.ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline);
    }
}
