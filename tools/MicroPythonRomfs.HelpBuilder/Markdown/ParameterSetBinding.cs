namespace MicroPythonRomfs.HelpBuilder.Markdown;

/// <summary>
/// One ```yaml block under a parameter: how the parameter binds in the parameter sets it names.
/// A parameter whose binding differs between sets has one block per distinct binding.
/// </summary>
/// <param name="Type">The type as PlatyPS writes it, for example <c>String[]</c> or <c>SwitchParameter</c>.</param>
/// <param name="ParameterSets">The set names, or the single entry <c>(All)</c>.</param>
/// <param name="Aliases">The aliases; empty when there are none.</param>
/// <param name="Required">Whether the parameter is mandatory in these sets.</param>
/// <param name="Position">The 0-based position, or <c>Named</c>.</param>
/// <param name="DefaultValue">The default value as text, or <c>None</c>.</param>
/// <param name="PipelineInput">As PlatyPS writes it: <c>False</c> or <c>True (ByValue, ByPropertyName)</c>.</param>
/// <param name="AcceptsWildcards">Whether wildcard characters are accepted.</param>
/// <param name="Line">The 1-based line of the block in its file.</param>
/// <param name="AcceptedValues">The values an enumeration or <c>[ValidateSet]</c> parameter accepts; empty when any value is.</param>
public sealed record ParameterSetBinding(
    string Type,
    IReadOnlyList<string> ParameterSets,
    IReadOnlyList<string> Aliases,
    bool Required,
    string Position,
    string DefaultValue,
    string PipelineInput,
    bool AcceptsWildcards,
    int Line,
    IReadOnlyList<string> AcceptedValues)
{
    /// <summary>The set name PlatyPS writes for a binding that applies to every parameter set.</summary>
    public const string AllSets = "(All)";

    /// <summary>Whether this binding applies to the named parameter set.</summary>
    /// <param name="setName">A parameter set name.</param>
    /// <returns><see langword="true"/> when the set is listed or the binding applies to all sets.</returns>
    public bool AppliesTo(string setName) =>
        ParameterSets.Any(s => s == AllSets || string.Equals(s, setName, StringComparison.OrdinalIgnoreCase));
}
