using System.Text;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using MicroPythonRomfs.HelpBuilder.Markdown;

namespace MicroPythonRomfs.HelpBuilder.About;

/// <summary>
/// Converts an about topic written in markdown (<c># about_Name</c>, <c>## SHORT DESCRIPTION</c>, ...) into the
/// plain-text <c>about_Name.help.txt</c> that <c>Get-Help about_Name</c> shows: section names in capitals, text
/// indented by four spaces and wrapped at 80 columns, code indented by eight.
/// </summary>
public static class AboutTopicWriter
{
    /// <summary>The column at which prose wraps.</summary>
    public const int Width = 80;

    private const string TextIndent = "    ";
    private const string CodeIndent = "        ";

    /// <summary>Converts an about topic.</summary>
    /// <param name="markdown">The topic's markdown.</param>
    /// <param name="file">The file name used in error messages.</param>
    /// <returns>The help text, with <c>\n</c> line ends and a final newline.</returns>
    /// <exception cref="HelpMarkdownException">The topic has no <c># about_Name</c> heading.</exception>
    public static string Convert(string markdown, string file)
    {
        var document = Markdig.Markdown.Parse(markdown, MarkdownText.Pipeline);
        var output = new StringBuilder();
        var sawTitle = false;
        foreach (var block in document)
        {
            switch (block)
            {
                case YamlFrontMatterBlock:
                    continue;
                case HeadingBlock { Level: 1 } title:
                    var name = MarkdownText.Flatten(title.Inline);
                    if (!name.StartsWith("about_", StringComparison.OrdinalIgnoreCase))
                    {
                        throw new HelpMarkdownException(file, block.Line + 1, $"An about topic's title must start with 'about_', not '{name}'.");
                    }

                    output.Append("TOPIC\n").Append(TextIndent).Append(name).Append("\n\n");
                    sawTitle = true;
                    continue;
                case HeadingBlock { Level: 2 } section:
                    output.Append(MarkdownText.Flatten(section.Inline).ToUpperInvariant()).Append('\n');
                    continue;
                case HeadingBlock heading:
                    var text = MarkdownText.Flatten(heading.Inline);
                    output.Append(TextIndent).Append(text).Append('\n')
                        .Append(TextIndent).Append('-', text.Length).Append("\n\n");
                    continue;
            }

            if (!sawTitle)
            {
                throw new HelpMarkdownException(file, block.Line + 1, "An about topic must start with '# about_Name'.");
            }

            switch (block)
            {
                case FencedCodeBlock or CodeBlock:
                    foreach (var line in MarkdownText.CodeText((LeafBlock)block).Split('\n'))
                    {
                        output.Append(line.Length == 0 ? string.Empty : CodeIndent + line).Append('\n');
                    }

                    output.Append('\n');
                    break;
                case ListBlock list:
                    foreach (var item in MarkdownText.Paragraphs(list, markdown))
                    {
                        var marker = item.Substring(0, item.IndexOf(' ') + 1);
                        Wrap(output, item.Substring(marker.Length), TextIndent + marker, TextIndent + new string(' ', marker.Length));
                    }

                    output.Append('\n');
                    break;
                case ParagraphBlock or QuoteBlock:
                    foreach (var paragraph in MarkdownText.Paragraphs(block, markdown))
                    {
                        Wrap(output, paragraph, TextIndent, TextIndent);
                        output.Append('\n');
                    }

                    break;
                case ThematicBreakBlock or LinkReferenceDefinitionGroup:
                    break;
                default:
                    // Tables and HTML keep their markdown layout; reflowing them would scramble the columns.
                    foreach (var line in MarkdownText.Source(block, markdown).TrimEnd().Split('\n'))
                    {
                        output.Append(TextIndent).Append(line.TrimEnd()).Append('\n');
                    }

                    output.Append('\n');
                    break;
            }
        }

        if (!sawTitle)
        {
            throw new HelpMarkdownException(file, 0, "An about topic must start with '# about_Name'.");
        }

        return output.ToString().TrimEnd('\n') + "\n";
    }

    private static void Wrap(StringBuilder output, string text, string firstIndent, string nextIndent)
    {
        foreach (var hardLine in text.Split('\n'))
        {
            var line = new StringBuilder(firstIndent);
            var lineHasWord = false;
            foreach (var word in hardLine.Split([' '], StringSplitOptions.RemoveEmptyEntries))
            {
                if (lineHasWord && line.Length + 1 + word.Length > Width)
                {
                    output.Append(line).Append('\n');
                    line.Clear().Append(nextIndent);
                    lineHasWord = false;
                }

                if (lineHasWord)
                {
                    line.Append(' ');
                }

                line.Append(word);
                lineHasWord = true;
            }

            output.Append(line.ToString().TrimEnd()).Append('\n');
            firstIndent = nextIndent;
        }
    }
}
