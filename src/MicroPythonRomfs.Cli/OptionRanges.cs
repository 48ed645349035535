using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace MicroPythonRomfs.Cli;

/// <summary>
/// The values every numeric option accepts, checked while the command line is parsed, so <c>--timeout -1</c> or
/// <c>--throttle-limit 0</c> is a usage error (exit code 2) before anything runs. Every numeric option of the command
/// tree must appear here: <see cref="Apply"/> refuses to start otherwise, so a new option cannot slip through unchecked.
/// </summary>
internal static class OptionRanges
{
    // A day, as Invoke-MicroPython -Timeout allows.
    private const int MaxTimeoutSeconds = 86_400;

    private static readonly Dictionary<string, (long Min, long Max, string Meaning)> Ranges = new(StringComparer.Ordinal)
    {
        // The same ranges as the cmdlets' [ValidateRange] attributes.
        ["--timeout"] = (0, MaxTimeoutSeconds, "seconds (0: no limit)"),
        ["--throttle-limit"] = (1, 256, "boards at once"),
        ["--baud"] = (50, 10_000_000, "bits per second"),
        ["--partition"] = (0, 255, "a partition number"),
        ["--align"] = (1, Romfs.RomfsWriter.MaxAlignment, "bytes, a power of two"),
        ["--debounce"] = (0, 60_000, "milliseconds"),
        ["-O"] = (0, 3, "an optimisation level"),
        ["-msmall-int-bits"] = (1, 64, "bits"),
    };

    /// <summary>Adds the range check to every numeric option below <paramref name="root"/>.</summary>
    /// <param name="root">The command tree.</param>
    /// <exception cref="InvalidOperationException">A numeric option has no range here.</exception>
    public static void Apply(Command root)
    {
        var seen = new HashSet<Option>();
        var pending = new Stack<Command>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var command = pending.Pop();
            foreach (var option in command.Options)
            {
                if (seen.Add(option))
                {
                    Attach(option);
                }
            }

            foreach (var child in command.Subcommands)
            {
                pending.Push(child);
            }
        }
    }

    private static void Attach(Option option)
    {
        var type = option.ValueType;
        if (type != typeof(int) && type != typeof(int[]) && type != typeof(long) && type != typeof(double))
        {
            return;
        }

        if (!Ranges.TryGetValue(option.Name, out var range))
        {
            throw new InvalidOperationException($"The numeric option {option.Name} has no accepted range in OptionRanges.");
        }

        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (!long.TryParse(token.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                {
                    // The parser itself reports what is not a number.
                    continue;
                }

                if (value < range.Min || value > range.Max)
                {
                    result.AddError(string.Format(CultureInfo.InvariantCulture, "{0} {1} is out of range: give {2} to {3} ({4})", option.Name, token.Value, range.Min, range.Max, range.Meaning));
                    return;
                }

                if (option.Name == "--align" && (value & (value - 1)) != 0)
                {
                    result.AddError(string.Format(CultureInfo.InvariantCulture, "--align {0} is not a power of two: give 1, 2, 4, ... up to {1}", token.Value, range.Max));
                    return;
                }
            }
        });
    }
}
