using System.Text.RegularExpressions;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace MicroPythonRomfs.HelpBuilder.Markdown;

/// <summary>Reads a cmdlet page written in the PlatyPS markdown schema 2.0 into a <see cref="CommandHelpPage"/>.</summary>
public static class CommandHelpMarkdownReader
{
    private static readonly string[] KnownSections =
        ["SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS"];

    private static readonly Regex SyntaxParameter = new(@"(?<![\w-])-([A-Za-z][A-Za-z0-9_]*)", RegexOptions.CultureInvariant);

    /// <summary>Reads a page from a file.</summary>
    /// <param name="path">The markdown file.</param>
    /// <returns>The page.</returns>
    /// <exception cref="HelpMarkdownException">The page does not follow the schema.</exception>
    public static CommandHelpPage ReadFile(string path) => Read(File.ReadAllText(path), path);

    /// <summary>Reads a page from markdown text.</summary>
    /// <param name="markdown">The page.</param>
    /// <param name="file">The file name used in error messages.</param>
    /// <returns>The page.</returns>
    /// <exception cref="HelpMarkdownException">The page does not follow the schema.</exception>
    public static CommandHelpPage Read(string markdown, string file)
    {
        var document = Markdig.Markdown.Parse(markdown, MarkdownText.Pipeline);
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? name = null;
        string? section = null;
        var synopsis = new List<string>();
        var syntax = new List<SyntaxHelp>();
        var description = new List<string>();
        var examples = new List<ExampleBuilder>();
        var parameters = new List<ParameterBuilder>();
        var commonParameters = false;
        var inputs = new List<TypeBuilder>();
        var outputs = new List<TypeBuilder>();
        var notes = new List<string>();
        var links = new List<RelatedLinkHelp>();
        string? syntaxSet = null;
        var syntaxSetLine = 0;
        var syntaxDefault = false;
        var inCommonParameters = false;

        foreach (var block in document)
        {
            var line = block.Line + 1;
            if (block is YamlFrontMatterBlock frontMatter)
            {
                ReadFrontMatter(MarkdownText.Source(frontMatter, markdown), metadata, file, line);
                continue;
            }

            if (block is HeadingBlock { Level: 1 } title)
            {
                if (name is not null)
                {
                    throw new HelpMarkdownException(file, line, "A page documents one cmdlet, but a second '# ' heading was found.");
                }

                name = MarkdownText.Flatten(title.Inline);
                continue;
            }

            if (block is HeadingBlock { Level: 2 } sectionHeading)
            {
                section = MarkdownText.Flatten(sectionHeading.Inline).ToUpperInvariant();
                if (Array.IndexOf(KnownSections, section) < 0)
                {
                    throw new HelpMarkdownException(file, line, $"'## {section}' is not a PlatyPS section; expected one of {string.Join(", ", KnownSections)}.");
                }

                continue;
            }

            if (name is null || section is null)
            {
                throw new HelpMarkdownException(file, line, "Content was found before the '# Cmdlet-Name' heading and its first '## ' section.");
            }

            var heading3 = block is HeadingBlock { Level: 3 } h3 ? MarkdownText.Flatten(h3.Inline) : null;
            switch (section)
            {
                case "SYNOPSIS":
                    synopsis.AddRange(MarkdownText.Paragraphs(block, markdown));
                    break;
                case "DESCRIPTION":
                    description.AddRange(MarkdownText.Paragraphs(block, markdown));
                    break;
                case "NOTES":
                    notes.AddRange(MarkdownText.Paragraphs(block, markdown));
                    break;
                case "SYNTAX":
                    if (heading3 is not null)
                    {
                        syntaxDefault = heading3.EndsWith("(Default)", StringComparison.OrdinalIgnoreCase);
                        syntaxSet = syntaxDefault ? heading3.Substring(0, heading3.Length - "(Default)".Length).Trim() : heading3;
                        syntaxSetLine = line;
                    }
                    else if (block is FencedCodeBlock code)
                    {
                        var text = MarkdownText.CodeText(code);
                        var names = SyntaxParameter.Matches(text).Cast<Match>().Select(m => m.Groups[1].Value)
                            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                        syntax.Add(new SyntaxHelp(syntaxSet ?? SyntaxHelp.AllParameterSets, syntaxDefault, text, names, syntaxSet is null ? line : syntaxSetLine));
                        syntaxSet = null;
                        syntaxDefault = false;
                    }

                    break;
                case "EXAMPLES":
                    if (heading3 is not null)
                    {
                        examples.Add(new ExampleBuilder(heading3, line));
                    }
                    else if (examples.Count == 0)
                    {
                        throw new HelpMarkdownException(file, line, "Text under EXAMPLES must follow a '### Example N: ...' heading.");
                    }
                    else if (block is FencedCodeBlock exampleCode)
                    {
                        examples[examples.Count - 1].Code.Add(MarkdownText.CodeText(exampleCode));
                    }
                    else
                    {
                        examples[examples.Count - 1].Remarks.AddRange(MarkdownText.Paragraphs(block, markdown));
                    }

                    break;
                case "PARAMETERS":
                    if (heading3 is not null)
                    {
                        inCommonParameters = heading3 == "CommonParameters";
                        if (inCommonParameters)
                        {
                            commonParameters = true;
                        }
                        else if (heading3.StartsWith("-", StringComparison.Ordinal) && heading3.Length > 1)
                        {
                            parameters.Add(new ParameterBuilder(heading3.Substring(1), line));
                        }
                        else
                        {
                            throw new HelpMarkdownException(file, line, $"A parameter heading must read '### -Name' or '### CommonParameters', not '### {heading3}'.");
                        }
                    }
                    else if (inCommonParameters)
                    {
                        // The standard CommonParameters paragraph is PowerShell's text, not ours.
                    }
                    else if (parameters.Count == 0)
                    {
                        throw new HelpMarkdownException(file, line, "Text under PARAMETERS must follow a '### -Name' heading.");
                    }
                    else if (block is FencedCodeBlock yaml && string.Equals(yaml.Info, "yaml", StringComparison.OrdinalIgnoreCase))
                    {
                        parameters[parameters.Count - 1].Bindings.Add(ReadBinding(MarkdownText.CodeText(yaml), file, line));
                    }
                    else
                    {
                        parameters[parameters.Count - 1].Description.AddRange(MarkdownText.Paragraphs(block, markdown));
                    }

                    break;
                case "INPUTS":
                case "OUTPUTS":
                    var types = section == "INPUTS" ? inputs : outputs;
                    if (heading3 is not null)
                    {
                        types.Add(new TypeBuilder(heading3));
                    }
                    else if (types.Count == 0)
                    {
                        throw new HelpMarkdownException(file, line, $"Text under {section} must follow a '### TypeName' heading.");
                    }
                    else
                    {
                        types[types.Count - 1].Description.AddRange(MarkdownText.Paragraphs(block, markdown));
                    }

                    break;
                case "RELATED LINKS":
                    links.AddRange(ReadLinks(block));
                    break;
            }
        }

        if (name is null)
        {
            throw new HelpMarkdownException(file, 0, "The page has no '# Cmdlet-Name' heading.");
        }

        if (synopsis.Count == 0 || synopsis.All(string.IsNullOrWhiteSpace))
        {
            throw new HelpMarkdownException(file, 0, $"{name} has no SYNOPSIS text.");
        }

        var parameterList = parameters.Select(p => p.Build(file)).ToList();
        foreach (var duplicate in parameterList.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            throw new HelpMarkdownException(file, duplicate.Last().Line, $"The parameter -{duplicate.Key} is documented twice.");
        }

        foreach (var set in syntax)
        {
            foreach (var parameterName in set.ParameterNames)
            {
                var parameter = parameterList.FirstOrDefault(p => string.Equals(p.Name, parameterName, StringComparison.OrdinalIgnoreCase))
                    ?? throw new HelpMarkdownException(file, set.Line, $"The syntax of set '{set.SetName}' lists -{parameterName}, which has no '### -{parameterName}' section.");
                if (!parameter.Bindings.Any(b => b.AppliesTo(set.SetName)) && set.SetName != SyntaxHelp.AllParameterSets)
                {
                    throw new HelpMarkdownException(file, parameter.Line, $"-{parameter.Name} appears in the syntax of set '{set.SetName}', but its 'Parameter Sets' do not name it.");
                }
            }
        }

        return new CommandHelpPage
        {
            File = file,
            Metadata = metadata,
            Name = name,
            Synopsis = string.Join(" ", synopsis),
            Syntax = syntax,
            Description = description,
            Examples = examples.Select(e => e.Build(file)).ToList(),
            Parameters = parameterList,
            HasCommonParameters = commonParameters,
            Inputs = inputs.Select(t => t.Build()).ToList(),
            Outputs = outputs.Select(t => t.Build()).ToList(),
            Notes = notes,
            RelatedLinks = links,
        };
    }

    /// <summary>Reads the <c>key: value</c> lines of a YAML front matter block.</summary>
    /// <param name="block">The block, with or without its <c>---</c> fences.</param>
    /// <param name="metadata">Receives the keys and values.</param>
    /// <param name="file">The file name used in error messages.</param>
    /// <param name="firstLine">The 1-based line of the block.</param>
    public static void ReadFrontMatter(string block, IDictionary<string, string> metadata, string file, int firstLine)
    {
        var lines = block.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var text = lines[i].Trim();
            if (text.Length == 0 || text == "---" || text == "..." || text.StartsWith("#", StringComparison.Ordinal))
            {
                continue;
            }

            var colon = text.IndexOf(':');
            if (colon <= 0)
            {
                throw new HelpMarkdownException(file, firstLine + i, $"Front matter line '{text}' is not 'key: value'.");
            }

            metadata[text.Substring(0, colon).Trim()] = Unquote(text.Substring(colon + 1).Trim());
        }
    }

    private static ParameterSetBinding ReadBinding(string yaml, string file, int line)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var lines = yaml.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var text = lines[i].Trim();
            if (text.Length == 0)
            {
                continue;
            }

            var colon = text.IndexOf(':');
            if (colon <= 0)
            {
                throw new HelpMarkdownException(file, line + 1 + i, $"Parameter metadata line '{text}' is not 'Key: Value'.");
            }

            var key = text.Substring(0, colon).Trim();
            if (key is not ("Type" or "Parameter Sets" or "Aliases" or "Required" or "Position" or "Default value"
                or "Accept pipeline input" or "Accept wildcard characters" or "Accepted values" or "Applicable"))
            {
                throw new HelpMarkdownException(file, line + 1 + i, $"'{key}' is not a PlatyPS parameter metadata key.");
            }

            values[key] = Unquote(text.Substring(colon + 1).Trim());
        }

        string Required(string key) => values.TryGetValue(key, out var value) && value.Length > 0
            ? value
            : throw new HelpMarkdownException(file, line, $"The parameter metadata has no '{key}'.");

        bool Boolean(string key, string? fallback)
        {
            var value = fallback is null ? Required(key) : values.TryGetValue(key, out var v) && v.Length > 0 ? v : fallback;
            return bool.TryParse(value, out var result)
                ? result
                : throw new HelpMarkdownException(file, line, $"'{key}: {value}' must be True or False.");
        }

        var pipeline = Required("Accept pipeline input");
        if (!pipeline.StartsWith("True", StringComparison.OrdinalIgnoreCase) && !string.Equals(pipeline, "False", StringComparison.OrdinalIgnoreCase))
        {
            throw new HelpMarkdownException(file, line, $"'Accept pipeline input: {pipeline}' must be False or True (ByValue, ByPropertyName).");
        }

        var position = Required("Position");
        if (!string.Equals(position, "Named", StringComparison.OrdinalIgnoreCase) && !int.TryParse(position, out _))
        {
            throw new HelpMarkdownException(file, line, $"'Position: {position}' must be a number or Named.");
        }

        return new ParameterSetBinding(
            Required("Type"),
            SplitList(Required("Parameter Sets")),
            values.TryGetValue("Aliases", out var aliases) ? SplitList(aliases) : [],
            Boolean("Required", null),
            position,
            values.TryGetValue("Default value", out var defaultValue) && defaultValue.Length > 0 ? defaultValue : "None",
            pipeline,
            Boolean("Accept wildcard characters", "False"),
            line,
            values.TryGetValue("Accepted values", out var accepted) ? SplitList(accepted) : []);
    }

    private static IReadOnlyList<string> SplitList(string value) =>
        value.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).ToList();

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] == '\'' || value[0] == '"') && value[value.Length - 1] == value[0]
            ? value.Substring(1, value.Length - 2)
            : value;

    private static IEnumerable<RelatedLinkHelp> ReadLinks(Block block)
    {
        IEnumerable<ContainerInline?> Inlines(Block b) => b switch
        {
            ParagraphBlock p => [p.Inline],
            ListBlock list => list.OfType<ListItemBlock>().SelectMany(item => item.SelectMany(Inlines)),
            _ => [],
        };

        foreach (var inline in Inlines(block))
        {
            var found = false;
            for (var child = inline?.FirstChild; child is not null; child = child.NextSibling)
            {
                if (child is LinkInline { IsImage: false } link)
                {
                    found = true;
                    var text = MarkdownText.Flatten(link);
                    yield return new RelatedLinkHelp(text.Length > 0 ? text : link.Url ?? string.Empty, MarkdownText.IsAbsoluteUri(link.Url) ? link.Url! : string.Empty);
                }
            }

            var plain = MarkdownText.Flatten(inline);
            if (!found && plain.Length > 0)
            {
                yield return new RelatedLinkHelp(plain, string.Empty);
            }
        }
    }

    private sealed class ExampleBuilder(string title, int line)
    {
        public List<string> Code { get; } = [];

        public List<string> Remarks { get; } = [];

        public ExampleHelp Build(string file) => Code.Count > 0
            ? new ExampleHelp(title, Code, Remarks)
            : throw new HelpMarkdownException(file, line, $"'{title}' has no code block.");
    }

    private sealed class ParameterBuilder(string name, int line)
    {
        public List<string> Description { get; } = [];

        public List<ParameterSetBinding> Bindings { get; } = [];

        public ParameterHelp Build(string file)
        {
            if (Bindings.Count == 0)
            {
                throw new HelpMarkdownException(file, line, $"-{name} has no ```yaml metadata block.");
            }

            if (Description.All(string.IsNullOrWhiteSpace))
            {
                throw new HelpMarkdownException(file, line, $"-{name} has no description.");
            }

            return new ParameterHelp(name, Description, Bindings, line);
        }
    }

    private sealed class TypeBuilder(string typeName)
    {
        public List<string> Description { get; } = [];

        public TypeHelp Build() => new(typeName, Description);
    }
}
