using System.Text;
using MicroPythonRomfs.HelpBuilder.Reflection;

namespace MicroPythonRomfs.HelpBuilder.Markdown;

/// <summary>
/// Writes a new PlatyPS page for a cmdlet from its declaration, like PlatyPS's <c>New-MarkdownHelp</c>: syntax and
/// parameter metadata filled in, prose left as <c>{{ Fill in ... }}</c> placeholders for an author to replace.
/// </summary>
public static class CommandHelpMarkdownWriter
{
    /// <summary>The marker every placeholder starts with; tests reject pages that still contain it.</summary>
    public const string PlaceholderMarker = "{{ Fill in";

    /// <summary>Writes the page.</summary>
    /// <param name="cmdlet">The cmdlet.</param>
    /// <param name="moduleName">The module name for the front matter.</param>
    /// <param name="helpFileName">The MAML file name for the front matter, for example <c>MicroPythonRomfs.dll-Help.xml</c>.</param>
    /// <returns>The markdown, with <c>\n</c> line ends.</returns>
    public static string Write(CmdletDefinition cmdlet, string moduleName, string helpFileName)
    {
        var md = new StringBuilder();
        md.Append("---\n")
            .Append("external help file: ").Append(helpFileName).Append('\n')
            .Append("Module Name: ").Append(moduleName).Append('\n')
            .Append("online version:\n")
            .Append("schema: 2.0.0\n")
            .Append("---\n\n")
            .Append("# ").Append(cmdlet.Name).Append("\n\n")
            .Append("## SYNOPSIS\n").Append(PlaceholderMarker).Append(" the Synopsis }}\n\n")
            .Append("## SYNTAX\n\n");
        foreach (var set in cmdlet.ParameterSetNames)
        {
            var heading = set == cmdlet.DefaultParameterSetName ? set + " (Default)" : set;
            md.Append("### ").Append(heading).Append("\n```\n").Append(SyntaxLine(cmdlet, set)).Append("\n```\n\n");
        }

        md.Append("## DESCRIPTION\n").Append(PlaceholderMarker).Append(" the Description }}\n\n")
            .Append("## EXAMPLES\n\n")
            .Append("### Example 1\n```powershell\nPS C:\\> ").Append(PlaceholderMarker).Append(" Example Code }}\n```\n\n")
            .Append(PlaceholderMarker).Append(" Example Remarks }}\n\n")
            .Append("## PARAMETERS\n\n");
        foreach (var parameter in cmdlet.Parameters.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase))
        {
            md.Append("### -").Append(parameter.Name).Append('\n')
                .Append(PlaceholderMarker).Append(' ').Append(parameter.Name).Append(" Description }}\n\n");
            foreach (var group in parameter.Sets.GroupBy(s => (s.Mandatory, s.Position, s.PipelineInput)))
            {
                var sets = group.Any(s => s.SetName == CmdletDefinition.AllParameterSets)
                    ? ParameterSetBinding.AllSets
                    : string.Join(", ", group.Select(s => s.SetName));
                AppendYaml(md, parameter.TypeName, sets, parameter.Aliases, group.Key.Mandatory, group.First().PositionText,
                    parameter.IsSwitch ? "False" : "None", group.Key.PipelineInput, parameter.AcceptsWildcards, parameter.AcceptedValues);
            }
        }

        if (cmdlet.SupportsShouldProcess)
        {
            md.Append("### -Confirm\nPrompts you for confirmation before running the cmdlet.\n\n");
            AppendYaml(md, "SwitchParameter", ParameterSetBinding.AllSets, ["cf"], false, "Named", "False", "False", false, []);
            md.Append("### -WhatIf\nShows what would happen if the cmdlet runs. The cmdlet is not run.\n\n");
            AppendYaml(md, "SwitchParameter", ParameterSetBinding.AllSets, ["wi"], false, "Named", "False", "False", false, []);
        }

        md.Append("### CommonParameters\n")
            .Append("This cmdlet supports the common parameters: -Debug, -ErrorAction, -ErrorVariable, -InformationAction, ")
            .Append("-InformationVariable, -OutVariable, -OutBuffer, -PipelineVariable, -ProgressAction, -Verbose, -WarningAction, and -WarningVariable. ")
            .Append("For more information, see [about_CommonParameters](http://go.microsoft.com/fwlink/?LinkID=113216).\n\n")
            .Append("## INPUTS\n\n### None\n\n")
            .Append("## OUTPUTS\n\n");
        foreach (var output in cmdlet.OutputTypes.DefaultIfEmpty("None"))
        {
            md.Append("### ").Append(output).Append("\n\n");
        }

        md.Append("## NOTES\n\n## RELATED LINKS\n");
        return md.ToString();
    }

    /// <summary>The syntax line PowerShell shows for one parameter set.</summary>
    /// <param name="cmdlet">The cmdlet.</param>
    /// <param name="setName">The set.</param>
    /// <returns>For example <c>New-RomfsImage [-Path] &lt;String[]&gt; [-Force] [-WhatIf] [-Confirm] [&lt;CommonParameters&gt;]</c>.</returns>
    public static string SyntaxLine(CmdletDefinition cmdlet, string setName)
    {
        var parts = new List<string> { cmdlet.Name };
        foreach (var (parameter, membership) in cmdlet.ParametersOf(setName))
        {
            var name = membership.Position is null ? "-" + parameter.Name : $"[-{parameter.Name}]";
            var text = parameter.IsSwitch ? "-" + parameter.Name : $"{name} <{parameter.TypeName}>";
            parts.Add(membership.Mandatory ? text : $"[{text}]");
        }

        if (cmdlet.SupportsShouldProcess)
        {
            parts.Add("[-WhatIf]");
            parts.Add("[-Confirm]");
        }

        parts.Add("[<CommonParameters>]");
        return string.Join(" ", parts);
    }

    private static void AppendYaml(StringBuilder md, string type, string sets, IReadOnlyList<string> aliases, bool required, string position,
        string defaultValue, string pipeline, bool wildcards, IReadOnlyList<string> acceptedValues)
    {
        md.Append("```yaml\n")
            .Append("Type: ").Append(type).Append('\n')
            .Append("Parameter Sets: ").Append(sets).Append('\n')
            .Append("Aliases:").Append(aliases.Count == 0 ? string.Empty : " " + string.Join(", ", aliases)).Append('\n');
        if (acceptedValues.Count > 0)
        {
            md.Append("Accepted values: ").Append(string.Join(", ", acceptedValues)).Append('\n');
        }

        md.Append('\n')
            .Append("Required: ").Append(required ? "True" : "False").Append('\n')
            .Append("Position: ").Append(position).Append('\n')
            .Append("Default value: ").Append(defaultValue).Append('\n')
            .Append("Accept pipeline input: ").Append(pipeline).Append('\n')
            .Append("Accept wildcard characters: ").Append(wildcards ? "True" : "False").Append('\n')
            .Append("```\n\n");
    }
}
