namespace MicroPythonRomfs.HelpBuilder.Reflection;

/// <summary>A cmdlet as its assembly declares it, read from the attributes without running it.</summary>
/// <param name="Name">Verb-Noun.</param>
/// <param name="TypeName">The full name of the cmdlet class.</param>
/// <param name="DefaultParameterSetName">The default set, or <see langword="null"/>.</param>
/// <param name="SupportsShouldProcess">Whether -WhatIf and -Confirm are added.</param>
/// <param name="OutputTypes">The names in <c>[OutputType]</c>: full type names.</param>
/// <param name="Parameters">The parameters in declaration order, without common parameters.</param>
public sealed record CmdletDefinition(
    string Name,
    string TypeName,
    string? DefaultParameterSetName,
    bool SupportsShouldProcess,
    IReadOnlyList<string> OutputTypes,
    IReadOnlyList<CmdletParameterDefinition> Parameters)
{
    /// <summary>The set name of a parameter that belongs to every set.</summary>
    public const string AllParameterSets = "__AllParameterSets";

    /// <summary>The parameter sets: the named ones in order of appearance, or only <c>__AllParameterSets</c>.</summary>
    public IReadOnlyList<string> ParameterSetNames
    {
        get
        {
            var named = Parameters.SelectMany(p => p.Sets).Select(s => s.SetName).Where(s => s != AllParameterSets).Distinct().ToList();
            if (DefaultParameterSetName is { Length: > 0 } defaultSet && !named.Contains(defaultSet))
            {
                named.Insert(0, defaultSet);
            }

            return named.Count == 0 ? [AllParameterSets] : named;
        }
    }

    /// <summary>The parameters of one set, in the order PowerShell's syntax shows them: by position, then the rest.</summary>
    /// <param name="setName">A set name.</param>
    /// <returns>The parameters with their membership in that set.</returns>
    public IReadOnlyList<(CmdletParameterDefinition Parameter, ParameterSetMembership Membership)> ParametersOf(string setName)
    {
        var members = Parameters
            .Select(p => (Parameter: p, Membership: setName == AllParameterSets ? p.Sets[0] : p.In(setName)))
            .Where(pair => pair.Membership is not null)
            .Select(pair => (pair.Parameter, Membership: pair.Membership!))
            .ToList();
        return members
            .Select((pair, index) => (pair, index))
            .OrderBy(x => x.pair.Membership.Position ?? int.MaxValue)
            .ThenBy(x => x.pair.Membership.Mandatory ? 0 : 1)
            .ThenBy(x => x.index)
            .Select(x => x.pair)
            .ToList();
    }
}
