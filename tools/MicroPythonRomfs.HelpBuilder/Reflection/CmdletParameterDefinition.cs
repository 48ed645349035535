namespace MicroPythonRomfs.HelpBuilder.Reflection;

/// <summary>A cmdlet parameter as the assembly declares it.</summary>
/// <param name="Name">The property name, which is the parameter name.</param>
/// <param name="TypeName">The type as PlatyPS writes it, for example <c>String[]</c>.</param>
/// <param name="Aliases">The <c>[Alias]</c> names.</param>
/// <param name="AcceptsWildcards">Whether <c>[SupportsWildcards]</c> is present.</param>
/// <param name="Sets">One entry per <c>[Parameter]</c> attribute.</param>
/// <param name="AcceptedValues">The names of an enumeration type or the values of <c>[ValidateSet]</c>; empty otherwise.</param>
public sealed record CmdletParameterDefinition(
    string Name,
    string TypeName,
    IReadOnlyList<string> Aliases,
    bool AcceptsWildcards,
    IReadOnlyList<ParameterSetMembership> Sets,
    IReadOnlyList<string> AcceptedValues)
{
    /// <summary>Whether the parameter is a switch.</summary>
    public bool IsSwitch => TypeName == "SwitchParameter";

    /// <summary>How the parameter binds in a set, or <see langword="null"/> when it is not in the set.</summary>
    /// <param name="setName">A set name.</param>
    /// <returns>The membership for that set, or the all-sets membership.</returns>
    public ParameterSetMembership? In(string setName) =>
        Sets.FirstOrDefault(s => s.SetName == setName) ?? Sets.FirstOrDefault(s => s.SetName == CmdletDefinition.AllParameterSets);
}
