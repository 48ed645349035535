using MicroPythonRomfs.HelpBuilder.Markdown;
using MicroPythonRomfs.HelpBuilder.Reflection;

namespace MicroPythonRomfs.Module.Tests.Help;

/// <summary>
/// Compares a cmdlet's declaration with its PlatyPS page and lists every difference as a sentence naming the
/// page and the parameter, so one failing test shows everything an author must fix.
/// </summary>
internal static class DocumentationConformance
{
    private static readonly string[] ShouldProcessParameters = ["WhatIf", "Confirm"];

    public static IReadOnlyList<string> Check(CmdletDefinition cmdlet, CommandHelpPage page, string pageText)
    {
        var problems = new List<string>();
        var where = Path.GetFileName(page.File);
        void Problem(string message) => problems.Add($"{where}: {message}");

        if (page.Name != cmdlet.Name)
        {
            Problem($"the title is '{page.Name}' but the cmdlet is '{cmdlet.Name}'.");
        }

        if (pageText.Contains(CommandHelpMarkdownWriter.PlaceholderMarker, StringComparison.Ordinal))
        {
            Problem("still contains '{{ Fill in ... }}' placeholders.");
        }

        CheckFrontMatter(page, Problem);
        if (page.Description.Count == 0)
        {
            Problem("has no DESCRIPTION.");
        }

        if (page.Examples.Count < 2)
        {
            Problem($"has {page.Examples.Count} example(s); every cmdlet needs at least two.");
        }

        if (!page.HasCommonParameters)
        {
            Problem("has no '### CommonParameters' section.");
        }

        foreach (var outputType in cmdlet.OutputTypes.Where(t => t != "System.Void"))
        {
            if (!page.Outputs.Any(o => o.TypeName == outputType))
            {
                Problem($"OUTPUTS does not list {outputType}, which [OutputType] declares.");
            }
        }

        foreach (var parameter in cmdlet.Parameters)
        {
            var documented = page.FindParameter(parameter.Name);
            if (documented is null)
            {
                Problem($"-{parameter.Name} is not documented.");
                continue;
            }

            CheckParameter(cmdlet, parameter, documented, Problem);
        }

        foreach (var name in ShouldProcessParameters)
        {
            var documented = page.FindParameter(name) is not null;
            if (cmdlet.SupportsShouldProcess && !documented)
            {
                Problem($"-{name} is not documented, but the cmdlet supports ShouldProcess.");
            }
        }

        foreach (var documented in page.Parameters)
        {
            var isShouldProcess = ShouldProcessParameters.Contains(documented.Name, StringComparer.OrdinalIgnoreCase);
            if (!cmdlet.Parameters.Any(p => string.Equals(p.Name, documented.Name, StringComparison.OrdinalIgnoreCase))
                && !(isShouldProcess && cmdlet.SupportsShouldProcess))
            {
                Problem($"-{documented.Name} is documented but the cmdlet has no such parameter.");
            }
        }

        CheckSyntax(cmdlet, page, Problem);
        return problems;
    }

    private static void CheckFrontMatter(CommandHelpPage page, Action<string> problem)
    {
        if (page.ExternalHelpFile != ModuleFiles.HelpFileName)
        {
            problem($"'external help file' is '{page.ExternalHelpFile}', not '{ModuleFiles.HelpFileName}'.");
        }

        if (!page.Metadata.TryGetValue("Module Name", out var module) || module != ModuleFiles.ModuleName)
        {
            problem($"'Module Name' is not '{ModuleFiles.ModuleName}'.");
        }

        if (!page.Metadata.TryGetValue("schema", out var schema) || schema != "2.0.0")
        {
            problem("'schema' is not '2.0.0'.");
        }
    }

    private static void CheckParameter(CmdletDefinition cmdlet, CmdletParameterDefinition parameter, ParameterHelp documented, Action<string> problem)
    {
        var name = "-" + parameter.Name;
        if (documented.Name != parameter.Name)
        {
            problem($"{name} is documented as -{documented.Name}; use the declared spelling.");
        }

        if (documented.Description.All(string.IsNullOrWhiteSpace))
        {
            problem($"{name} has no description.");
        }

        foreach (var binding in documented.Bindings)
        {
            if (binding.Type != parameter.TypeName)
            {
                problem($"{name} has Type '{binding.Type}' but is declared as {parameter.TypeName}.");
            }

            if (!binding.Aliases.OrderBy(a => a, StringComparer.Ordinal).SequenceEqual(parameter.Aliases.OrderBy(a => a, StringComparer.Ordinal)))
            {
                problem($"{name} has Aliases '{string.Join(", ", binding.Aliases)}' but declares [Alias({string.Join(", ", parameter.Aliases)})].");
            }

            if (!binding.AcceptedValues.OrderBy(v => v, StringComparer.Ordinal).SequenceEqual(parameter.AcceptedValues.OrderBy(v => v, StringComparer.Ordinal)))
            {
                problem($"{name} has 'Accepted values: {string.Join(", ", binding.AcceptedValues)}' but accepts {(parameter.AcceptedValues.Count == 0 ? "any value" : string.Join(", ", parameter.AcceptedValues))}.");
            }

            if (binding.AcceptsWildcards != parameter.AcceptsWildcards)
            {
                problem($"{name} says 'Accept wildcard characters: {binding.AcceptsWildcards}' but [SupportsWildcards] is {(parameter.AcceptsWildcards ? "present" : "absent")}.");
            }

            foreach (var set in binding.ParameterSets.Where(s => s != ParameterSetBinding.AllSets))
            {
                if (!parameter.Sets.Any(s => s.SetName == set))
                {
                    problem($"{name} lists parameter set '{set}', which the parameter does not belong to.");
                }
            }
        }

        foreach (var membership in parameter.Sets)
        {
            var all = membership.SetName == CmdletDefinition.AllParameterSets;
            var binding = documented.Bindings.FirstOrDefault(b => all
                ? b.ParameterSets.Contains(ParameterSetBinding.AllSets)
                : b.ParameterSets.Contains(membership.SetName));
            var setText = all ? "all sets" : $"set '{membership.SetName}'";
            if (binding is null)
            {
                problem($"{name} has no yaml block for {setText} (write 'Parameter Sets: {(all ? ParameterSetBinding.AllSets : membership.SetName)}').");
                continue;
            }

            if (binding.Required != membership.Mandatory)
            {
                problem($"{name} in {setText} says 'Required: {binding.Required}' but Mandatory is {membership.Mandatory}.");
            }

            if (!string.Equals(binding.Position, membership.PositionText, StringComparison.OrdinalIgnoreCase))
            {
                problem($"{name} in {setText} says 'Position: {binding.Position}' but the declaration gives {membership.PositionText}.");
            }

            if (!string.Equals(binding.PipelineInput, membership.PipelineInput, StringComparison.OrdinalIgnoreCase))
            {
                problem($"{name} in {setText} says 'Accept pipeline input: {binding.PipelineInput}' but the declaration gives {membership.PipelineInput}.");
            }
        }
    }

    private static void CheckSyntax(CmdletDefinition cmdlet, CommandHelpPage page, Action<string> problem)
    {
        var declaredSets = cmdlet.ParameterSetNames;
        var documentedSets = page.Syntax.Select(s => s.SetName).ToList();
        if (!declaredSets.OrderBy(s => s, StringComparer.Ordinal).SequenceEqual(documentedSets.OrderBy(s => s, StringComparer.Ordinal)))
        {
            problem($"SYNTAX documents the sets [{string.Join(", ", documentedSets)}] but the cmdlet has [{string.Join(", ", declaredSets)}].");
            return;
        }

        if (declaredSets.Count > 1)
        {
            var documentedDefault = page.Syntax.FirstOrDefault(s => s.IsDefault)?.SetName;
            if (documentedDefault != cmdlet.DefaultParameterSetName)
            {
                problem($"SYNTAX marks '{documentedDefault ?? "no set"}' as (Default) but DefaultParameterSetName is '{cmdlet.DefaultParameterSetName ?? "unset"}'.");
            }
        }

        foreach (var syntax in page.Syntax)
        {
            var expected = cmdlet.ParametersOf(syntax.SetName).Select(p => p.Parameter.Name).ToList();
            if (cmdlet.SupportsShouldProcess)
            {
                expected.AddRange(ShouldProcessParameters);
            }

            var listed = syntax.ParameterNames;
            if (!expected.OrderBy(n => n, StringComparer.OrdinalIgnoreCase).SequenceEqual(listed.OrderBy(n => n, StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase))
            {
                problem($"the syntax of set '{syntax.SetName}' lists [{string.Join(", ", listed)}] but the set has [{string.Join(", ", expected)}]; expected: {CommandHelpMarkdownWriter.SyntaxLine(cmdlet, syntax.SetName)}");
            }
        }
    }
}
