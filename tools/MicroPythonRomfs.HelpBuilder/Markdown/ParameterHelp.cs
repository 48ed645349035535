namespace MicroPythonRomfs.HelpBuilder.Markdown;

/// <summary>A <c>### -Name</c> section of a page's PARAMETERS.</summary>
/// <param name="Name">The parameter name without the dash.</param>
/// <param name="Description">The description paragraphs.</param>
/// <param name="Bindings">The yaml blocks; at least one.</param>
/// <param name="Line">The 1-based line of the heading.</param>
public sealed record ParameterHelp(string Name, IReadOnlyList<string> Description, IReadOnlyList<ParameterSetBinding> Bindings, int Line)
{
    /// <summary>The type named by the first binding.</summary>
    public string Type => Bindings[0].Type;

    /// <summary>Whether the parameter is a switch (takes no value).</summary>
    public bool IsSwitch => Type is "SwitchParameter" or "System.Management.Automation.SwitchParameter";
}
