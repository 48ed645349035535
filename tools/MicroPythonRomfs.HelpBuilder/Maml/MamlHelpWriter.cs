using System.Text;
using System.Xml;
using System.Xml.Linq;
using MicroPythonRomfs.HelpBuilder.Markdown;

namespace MicroPythonRomfs.HelpBuilder.Maml;

/// <summary>
/// Writes cmdlet pages as the MAML XML that <c>Get-Help</c> reads from a binary module's
/// <c>&lt;assembly&gt;-Help.xml</c>, in the shape PlatyPS's <c>New-ExternalHelp</c> produces.
/// </summary>
public static class MamlHelpWriter
{
    /// <summary>The default namespace of the <c>helpItems</c> root.</summary>
    public static readonly XNamespace Msh = "http://msh";

    /// <summary>The <c>maml:</c> namespace.</summary>
    public static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";

    /// <summary>The <c>command:</c> namespace.</summary>
    public static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";

    /// <summary>The <c>dev:</c> namespace.</summary>
    public static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    /// <summary>The <c>MSHelp:</c> namespace.</summary>
    public static readonly XNamespace MsHelp = "http://msdn.microsoft.com/mshelp";

    private const string TitleRule = "--------------------------";

    /// <summary>Builds the MAML document for a set of pages, ordered by cmdlet name so the output is deterministic.</summary>
    /// <param name="pages">The pages that share one help file.</param>
    /// <returns>The document.</returns>
    public static XDocument Build(IEnumerable<CommandHelpPage> pages)
    {
        var root = new XElement(Msh + "helpItems", new XAttribute("schema", "maml"));
        foreach (var page in pages.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase))
        {
            root.Add(BuildCommand(page));
        }

        return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
    }

    /// <summary>Serialises a document as UTF-8 (no byte order mark), indented by two spaces, with <c>\n</c> line ends.</summary>
    /// <param name="document">The document.</param>
    /// <returns>The XML text, ending with a newline.</returns>
    public static string Serialize(XDocument document)
    {
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(false),
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.None,
        };
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, settings))
        {
            document.Save(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static XElement BuildCommand(CommandHelpPage page)
    {
        var dash = page.Name.IndexOf('-');
        var verb = dash > 0 ? page.Name.Substring(0, dash) : page.Name;
        var noun = dash > 0 ? page.Name.Substring(dash + 1) : string.Empty;
        return new XElement(
            Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "command", Command.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "dev", Dev.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "MSHelp", MsHelp.NamespaceName),
            new XElement(
                Command + "details",
                new XElement(Command + "name", page.Name),
                new XElement(Command + "verb", verb),
                new XElement(Command + "noun", noun),
                Description([page.Synopsis])),
            Description(page.Description),
            new XElement(Command + "syntax", page.Syntax.Select(set => SyntaxItem(page, set))),
            new XElement(Command + "parameters", page.Parameters.Select(p => Parameter(p, p.Bindings[0], inSyntax: false))),
            new XElement(Command + "inputTypes", page.Inputs.Select(t => TypeEntry(Command + "inputType", t))),
            new XElement(Command + "returnValues", page.Outputs.Select(t => TypeEntry(Command + "returnValue", t))),
            new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paragraphs(page.Notes))),
            new XElement(Command + "examples", page.Examples.Select(Example)),
            new XElement(Maml + "relatedLinks", Links(page)));
    }

    private static XElement SyntaxItem(CommandHelpPage page, SyntaxHelp set)
    {
        var item = new XElement(Command + "syntaxItem", new XElement(Maml + "name", page.Name));
        foreach (var name in set.ParameterNames)
        {
            var parameter = page.FindParameter(name)!;
            var binding = parameter.Bindings.FirstOrDefault(b => b.AppliesTo(set.SetName)) ?? parameter.Bindings[0];
            item.Add(Parameter(parameter, binding, inSyntax: true));
        }

        return item;
    }

    private static XElement Parameter(ParameterHelp parameter, ParameterSetBinding binding, bool inSyntax)
    {
        var element = new XElement(
            Command + "parameter",
            new XAttribute("required", Lower(binding.Required)),
            new XAttribute("variableLength", "true"),
            new XAttribute("globbing", Lower(binding.AcceptsWildcards)),
            new XAttribute("pipelineInput", binding.PipelineInput),
            new XAttribute("position", string.Equals(binding.Position, "Named", StringComparison.OrdinalIgnoreCase) ? "named" : binding.Position),
            new XAttribute("aliases", binding.Aliases.Count == 0 ? "none" : string.Join(", ", binding.Aliases)),
            new XElement(Maml + "name", parameter.Name),
            Description(parameter.Description));

        if (inSyntax && binding.AcceptedValues.Count > 0)
        {
            // Get-Help shows these as {A | B | C} in the syntax line.
            element.Add(new XElement(
                Command + "parameterValueGroup",
                binding.AcceptedValues.Select(v => new XElement(
                    Command + "parameterValue", new XAttribute("required", "false"), new XAttribute("variableLength", "false"), v))));
        }

        // A switch takes no value, so the syntax line must not show one; the parameter list still names its type.
        if (!parameter.IsSwitch || !inSyntax)
        {
            element.Add(new XElement(
                Command + "parameterValue",
                new XAttribute("required", Lower(!parameter.IsSwitch)),
                new XAttribute("variableLength", "false"),
                binding.Type));
        }

        element.Add(
            new XElement(Dev + "type", new XElement(Maml + "name", binding.Type), new XElement(Maml + "uri")),
            new XElement(Dev + "defaultValue", binding.DefaultValue));
        return element;
    }

    private static XElement TypeEntry(XName name, TypeHelp type) =>
        new(name, new XElement(Dev + "type", new XElement(Maml + "name", type.TypeName)), Description(type.Description));

    private static XElement Example(ExampleHelp example) =>
        new(
            Command + "example",
            new XElement(Maml + "title", $"{TitleRule} {example.Title} {TitleRule}"),
            new XElement(Dev + "code", string.Join("\n\n", example.Code)),
            new XElement(Dev + "remarks", Paragraphs(example.Remarks)));

    private static IEnumerable<XElement> Links(CommandHelpPage page)
    {
        if (MarkdownText.IsAbsoluteUri(page.OnlineVersion))
        {
            yield return Link("Online Version:", page.OnlineVersion);
        }

        foreach (var link in page.RelatedLinks)
        {
            yield return Link(link.Text, link.Uri);
        }
    }

    private static XElement Link(string text, string uri) =>
        new(Maml + "navigationLink", new XElement(Maml + "linkText", text), new XElement(Maml + "uri", uri));

    private static XElement Description(IEnumerable<string> paragraphs) => new(Maml + "description", Paragraphs(paragraphs));

    private static IEnumerable<XElement> Paragraphs(IEnumerable<string> paragraphs) =>
        paragraphs.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => new XElement(Maml + "para", p));

    private static string Lower(bool value) => value ? "true" : "false";
}
