namespace MicroPythonRomfs.Mpy;

/// <summary>Raised before anything is written when <c>.mpy</c> files would be refused by the target board.</summary>
public sealed class MpyCompatibilityException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="target">What the board loads.</param>
    /// <param name="problems">One sentence per refused file, each naming the file.</param>
    public MpyCompatibilityException(MpyVersionInfo target, IReadOnlyList<string> problems)
        : base(BuildMessage(target, problems))
    {
        Target = target;
        Problems = problems;
    }

    /// <summary>What the board loads.</summary>
    public MpyVersionInfo Target { get; }

    /// <summary>One sentence per refused file, each naming the file.</summary>
    public IReadOnlyList<string> Problems { get; }

    private static string BuildMessage(MpyVersionInfo target, IReadOnlyList<string> problems)
    {
        if (target == null)
        {
            throw new ArgumentNullException(nameof(target));
        }

        if (problems == null || problems.Count == 0)
        {
            throw new ArgumentException("At least one problem is required.", nameof(problems));
        }

        return problems.Count == 1
            ? problems[0]
            : $"{problems.Count} .mpy files would be refused by the board ({target.Description}); the first: {problems[0]}";
    }
}
