namespace MicroPythonRomfs.HelpBuilder.Markdown;

/// <summary>One cmdlet's help as read from its PlatyPS markdown page.</summary>
public sealed record CommandHelpPage
{
    /// <summary>The markdown file the page came from.</summary>
    public required string File { get; init; }

    /// <summary>The YAML front matter (<c>external help file</c>, <c>Module Name</c>, <c>online version</c>, <c>schema</c>).</summary>
    public required IReadOnlyDictionary<string, string> Metadata { get; init; }

    /// <summary>The cmdlet name from the <c># Verb-Noun</c> heading.</summary>
    public required string Name { get; init; }

    /// <summary>The one-paragraph SYNOPSIS.</summary>
    public required string Synopsis { get; init; }

    /// <summary>The parameter sets under SYNTAX.</summary>
    public required IReadOnlyList<SyntaxHelp> Syntax { get; init; }

    /// <summary>The DESCRIPTION paragraphs.</summary>
    public required IReadOnlyList<string> Description { get; init; }

    /// <summary>The EXAMPLES.</summary>
    public required IReadOnlyList<ExampleHelp> Examples { get; init; }

    /// <summary>The PARAMETERS in page order, without CommonParameters.</summary>
    public required IReadOnlyList<ParameterHelp> Parameters { get; init; }

    /// <summary>Whether the page has a <c>### CommonParameters</c> section.</summary>
    public required bool HasCommonParameters { get; init; }

    /// <summary>The INPUTS.</summary>
    public required IReadOnlyList<TypeHelp> Inputs { get; init; }

    /// <summary>The OUTPUTS.</summary>
    public required IReadOnlyList<TypeHelp> Outputs { get; init; }

    /// <summary>The NOTES paragraphs.</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>The RELATED LINKS, without the online version.</summary>
    public required IReadOnlyList<RelatedLinkHelp> RelatedLinks { get; init; }

    /// <summary>The help file the page belongs to, from the <c>external help file</c> front matter.</summary>
    public string ExternalHelpFile => Metadata.TryGetValue("external help file", out var value) ? value : string.Empty;

    /// <summary>The online version URI from the front matter, or empty.</summary>
    public string OnlineVersion => Metadata.TryGetValue("online version", out var value) ? value : string.Empty;

    /// <summary>Finds a documented parameter by name, ignoring case.</summary>
    /// <param name="name">The parameter name without the dash.</param>
    /// <returns>The parameter, or <see langword="null"/>.</returns>
    public ParameterHelp? FindParameter(string name) =>
        Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}
