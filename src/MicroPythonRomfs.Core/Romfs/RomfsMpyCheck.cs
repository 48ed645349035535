using MicroPythonRomfs.Mpy;
using MicroPythonRomfs.Reporting;

namespace MicroPythonRomfs.Romfs;

/// <summary>
/// The checks that protect users from an image whose Python modules will not import as they expect: a <c>.mpy</c>
/// the target board refuses, a file named <c>.mpy</c> that is not one, mixed mpy versions, and <c>foo.py</c> beside
/// <c>foo.mpy</c> (MicroPython imports <c>foo.py</c> first, so <c>foo.mpy</c> is dead weight).
/// </summary>
internal static class RomfsMpyCheck
{
    // A board of another mpy version refuses every file; past this many, one summary line says how many more.
    private const int MaxTargetWarnings = 10;

    /// <summary>Reports every problem; throws for target incompatibility when the options ask for it.</summary>
    /// <param name="files">Each file as it will be stored: its path in the image and its bytes.</param>
    /// <param name="options">The build options (target and strictness).</param>
    /// <param name="reporter">Receives the warnings.</param>
    /// <exception cref="MpyCompatibilityException">A <c>.mpy</c> would be refused and <see cref="RomfsBuildOptions.RejectIncompatibleMpy"/> is on.</exception>
    public static void Run(IReadOnlyList<(string StoredPath, ReadOnlyMemory<byte> Data)> files, RomfsBuildOptions options, IOperationReporter reporter)
    {
        WarnAboutShadowedMpy(files, reporter);

        var refused = new List<string>();
        var targetWarnings = new List<string>();
        var versions = new SortedDictionary<int, string>();
        foreach (var (path, data) in files)
        {
            if (!path.EndsWith(".mpy", StringComparison.Ordinal))
            {
                continue;
            }

            if (!MpyHeader.TryRead(data.Span, out var header, out var error))
            {
                var problem = $"'{path}' is named .mpy but is not a .mpy file ({error}); importing it on the board fails.";
                if (options.Target != null && options.RejectIncompatibleMpy)
                {
                    refused.Add(problem);
                }
                else
                {
                    reporter.Warning(problem);
                }

                continue;
            }

            if (!versions.ContainsKey(header.Version))
            {
                versions.Add(header.Version, path);
            }

            if (options.Target != null)
            {
                var verdict = MpyCompatibility.Check(options.Target, header, path);
                if (!verdict.IsCompatible)
                {
                    var problem = $"{verdict.Problem} (On the board: ValueError: {verdict.UpstreamError}.)";
                    (options.RejectIncompatibleMpy ? refused : targetWarnings).Add(problem);
                }
            }
        }

        foreach (var warning in targetWarnings.Take(MaxTargetWarnings))
        {
            reporter.Warning(warning);
        }

        if (targetWarnings.Count > MaxTargetWarnings)
        {
            reporter.Warning($"{targetWarnings.Count - MaxTargetWarnings} more .mpy files would be refused by the board ({options.Target!.Description}); {targetWarnings.Count} in all.");
        }

        // Without a board to compare with, files of different mpy versions still mean some of them cannot load.
        if (options.Target == null && versions.Count > 1)
        {
            reporter.Warning("The image mixes .mpy versions (" + string.Join(", ", versions.Select(v => $"mpy {v.Key} in '{v.Value}'")) + "); a board loads only one of them.");
        }

        if (refused.Count > 0)
        {
            throw new MpyCompatibilityException(options.Target!, refused);
        }
    }

    private static void WarnAboutShadowedMpy(IReadOnlyList<(string StoredPath, ReadOnlyMemory<byte> Data)> files, IOperationReporter reporter)
    {
        var stored = new HashSet<string>(files.Select(f => f.StoredPath), StringComparer.Ordinal);
        foreach (var (path, _) in files)
        {
            if (!path.EndsWith(".py", StringComparison.Ordinal))
            {
                continue;
            }

            var mpy = path.Substring(0, path.Length - 3) + ".mpy";
            if (stored.Contains(mpy))
            {
                var slash = path.LastIndexOf('/');
                reporter.Warning($"'{path}' and '{mpy}' are both in the image; MicroPython imports '{path.Substring(slash + 1)}' first, so '{mpy.Substring(slash + 1)}' is never used. Remove one of them (the .py was not compiled because the .mpy exists).");
            }
        }
    }
}
