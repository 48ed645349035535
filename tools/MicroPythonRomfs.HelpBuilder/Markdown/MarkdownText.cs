using System.Text;
using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace MicroPythonRomfs.HelpBuilder.Markdown;

/// <summary>Turns Markdig blocks and inlines into the plain paragraphs that help files carry.</summary>
public static class MarkdownText
{
    /// <summary>The Markdig pipeline every help page and about topic is parsed with.</summary>
    public static MarkdownPipeline Pipeline { get; } = new MarkdownPipelineBuilder().UseYamlFrontMatter().UsePipeTables().Build();

    /// <summary>The text of a run of inlines: emphasis markers dropped, code spans kept in backticks, links as text.</summary>
    /// <param name="inline">The container, for example a paragraph's or heading's inline.</param>
    /// <returns>The text; soft line breaks become spaces, hard ones newlines.</returns>
    public static string Flatten(ContainerInline? inline)
    {
        var text = new StringBuilder();
        AppendInlines(inline, text);
        return text.ToString().Trim();
    }

    /// <summary>The paragraphs a block contributes to a description.</summary>
    /// <param name="block">A paragraph, list, code block, quote or table.</param>
    /// <param name="source">The page's markdown, for blocks carried over verbatim.</param>
    /// <returns>Zero or more paragraphs.</returns>
    public static IEnumerable<string> Paragraphs(Block block, string source)
    {
        switch (block)
        {
            case ParagraphBlock paragraph:
                yield return Flatten(paragraph.Inline);
                break;
            case FencedCodeBlock or CodeBlock:
                yield return CodeText((LeafBlock)block);
                break;
            case ListBlock list:
                var number = int.TryParse(list.OrderedStart, out var start) ? start : 1;
                foreach (var item in list.OfType<ListItemBlock>())
                {
                    var marker = list.IsOrdered ? $"{number++}. " : "- ";
                    yield return marker + string.Join(" ", item.SelectMany(child => Paragraphs(child, source)));
                }

                break;
            case QuoteBlock quote:
                foreach (var child in quote)
                {
                    foreach (var paragraph in Paragraphs(child, source))
                    {
                        yield return paragraph;
                    }
                }

                break;
            case HeadingBlock heading:
                yield return Flatten(heading.Inline);
                break;
            case ThematicBreakBlock or YamlFrontMatterBlock or LinkReferenceDefinitionGroup:
                break;
            default:
                yield return Source(block, source).TrimEnd();
                break;
        }
    }

    /// <summary>The lines of a code block, joined with newlines, without the fences.</summary>
    /// <param name="block">A fenced or indented code block.</param>
    /// <returns>The code.</returns>
    public static string CodeText(LeafBlock block)
    {
        var lines = block.Lines.Lines.Take(block.Lines.Count).Select(line => line.Slice.ToString().TrimEnd());
        return string.Join("\n", lines).Trim('\n');
    }

    /// <summary>The markdown a block was parsed from.</summary>
    /// <param name="block">Any block.</param>
    /// <param name="source">The whole document.</param>
    /// <returns>The block's source text with line endings normalised to <c>\n</c>.</returns>
    public static string Source(Block block, string source)
    {
        // Whole lines: some blocks (tables) start their span after the line's first character.
        var start = Math.Min(Math.Max(block.Span.Start, 0), source.Length);
        while (start > 0 && source[start - 1] != '\n')
        {
            start--;
        }

        var end = Math.Min(Math.Max(block.Span.End, start), source.Length);
        while (end < source.Length && source[end] != '\n')
        {
            end++;
        }

        return source.Substring(start, end - start).Replace("\r\n", "\n").Replace("\r", string.Empty);
    }

    private static void AppendInlines(ContainerInline? container, StringBuilder text)
    {
        if (container is null)
        {
            return;
        }

        for (var inline = container.FirstChild; inline is not null; inline = inline.NextSibling)
        {
            switch (inline)
            {
                case LiteralInline literal:
                    text.Append(literal.Content.ToString());
                    break;
                case CodeInline code:
                    text.Append('`').Append(code.Content).Append('`');
                    break;
                case LineBreakInline lineBreak:
                    text.Append(lineBreak.IsHard ? "\n" : " ");
                    break;
                case AutolinkInline autolink:
                    text.Append(autolink.Url);
                    break;
                case LinkInline { IsImage: true }:
                    break;
                case LinkInline link:
                    var before = text.Length;
                    AppendInlines(link, text);
                    var linkText = text.ToString(before, text.Length - before);
                    if (IsAbsoluteUri(link.Url) && !string.Equals(linkText, link.Url, StringComparison.Ordinal))
                    {
                        text.Append(" (").Append(link.Url).Append(')');
                    }

                    break;
                case HtmlEntityInline entity:
                    text.Append(entity.Transcoded.ToString());
                    break;
                case HtmlInline:
                    break;
                case ContainerInline nested:
                    AppendInlines(nested, text);
                    break;
                default:
                    text.Append(inline.ToString());
                    break;
            }
        }
    }

    /// <summary>Whether a link target is an absolute http(s) URI that help viewers can open.</summary>
    /// <param name="value">The link target.</param>
    /// <returns><see langword="true"/> for an absolute http or https URI.</returns>
    public static bool IsAbsoluteUri(string? value) =>
        System.Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == "http" || uri.Scheme == "https");
}
