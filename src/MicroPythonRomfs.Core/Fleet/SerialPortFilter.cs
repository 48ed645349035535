using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.Fleet;

/// <summary>
/// Picks boards out of the port list by port name, USB id (<c>vvvv:pppp</c>) and description, each a list of
/// wildcards (<c>*</c> any run of characters, <c>?</c> one character, case ignored) of which one must match. An empty
/// list matches every port; a port without a USB id or description never matches a pattern for it.
/// </summary>
public sealed class SerialPortFilter
{
    /// <summary>Patterns for the port name, for example <c>/dev/ttyACM*</c> or <c>COM*</c>.</summary>
    public IReadOnlyList<string> Ports { get; init; } = Array.Empty<string>();

    /// <summary>Patterns for the USB id, for example <c>2e8a:*</c>.</summary>
    public IReadOnlyList<string> UsbIds { get; init; } = Array.Empty<string>();

    /// <summary>Patterns for the description (the USB product, else the interface), for example <c>*Pico*</c>.</summary>
    public IReadOnlyList<string> Descriptions { get; init; } = Array.Empty<string>();

    /// <summary>Whether a port passes every given list.</summary>
    /// <param name="port">The port.</param>
    /// <returns><see langword="true"/> when it matches.</returns>
    public bool Matches(SerialPortInfo port)
    {
        if (port == null)
        {
            throw new ArgumentNullException(nameof(port));
        }

        return MatchesAny(Ports, port.Port) && MatchesAny(UsbIds, port.UsbId) && MatchesAny(Descriptions, port.Product ?? port.Interface);
    }

    /// <summary>The ports that match, in list order.</summary>
    /// <param name="ports">The listed ports.</param>
    /// <returns>The matching ports.</returns>
    public IReadOnlyList<SerialPortInfo> Select(IEnumerable<SerialPortInfo> ports) => (ports ?? throw new ArgumentNullException(nameof(ports))).Where(Matches).ToList();

    /// <summary>Whether a name holds a wildcard character (<c>*</c> or <c>?</c>).</summary>
    /// <param name="name">The name.</param>
    /// <returns><see langword="true"/> when it is a pattern.</returns>
    public static bool IsPattern(string name) => name != null && name.IndexOfAny(new[] { '*', '?' }) >= 0;

    /// <summary>Whether <paramref name="value"/> matches a wildcard pattern, case ignored.</summary>
    /// <param name="pattern">The pattern.</param>
    /// <param name="value">The value.</param>
    /// <returns><see langword="true"/> when it matches.</returns>
    public static bool IsMatch(string pattern, string value)
    {
        if (pattern == null || value == null)
        {
            throw new ArgumentNullException(pattern == null ? nameof(pattern) : nameof(value));
        }

        // Greedy match with one backtrack point: linear in practice, no recursion on input length.
        int p = 0, v = 0, star = -1, resume = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || char.ToUpperInvariant(pattern[p]) == char.ToUpperInvariant(value[v])))
            {
                p++;
                v++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = v;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    private static bool MatchesAny(IReadOnlyList<string> patterns, string? value) =>
        patterns.Count == 0 || (value != null && patterns.Any(p => IsMatch(p, value)));
}
