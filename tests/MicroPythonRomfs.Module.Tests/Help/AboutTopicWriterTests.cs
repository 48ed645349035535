using MicroPythonRomfs.HelpBuilder.About;
using MicroPythonRomfs.HelpBuilder.Markdown;

namespace MicroPythonRomfs.Module.Tests.Help;

public sealed class AboutTopicWriterTests
{
    private const string Topic = """
        ---
        external help file: x
        ---
        # about_Sample

        ## SHORT DESCRIPTION
        Explains **samples**.

        ## LONG DESCRIPTION
        A sample is a small thing that exists to be explained in a paragraph long enough to wrap past the eightieth column.

        ### Making one
        - the first step, which is also long enough that it has to wrap onto a second line of the help text
        - the second step

        ```powershell
        New-Sample -Name one |
            Get-Sample
        ```

        | Name | Size |
        |------|------|
        | one  | 1    |
        """;

    [Fact]
    public void Convert_WritesTopicAndCapitalisedSections_WithIndentedWrappedText()
    {
        var text = AboutTopicWriter.Convert(Topic, "about_Sample.md");

        Assert.Equal(
            """
            TOPIC
                about_Sample

            SHORT DESCRIPTION
                Explains samples.

            LONG DESCRIPTION
                A sample is a small thing that exists to be explained in a paragraph long
                enough to wrap past the eightieth column.

                Making one
                ----------

                - the first step, which is also long enough that it has to wrap onto a
                  second line of the help text
                - the second step

                    New-Sample -Name one |
                        Get-Sample

                | Name | Size |
                |------|------|
                | one  | 1    |

            """,
            text);
        Assert.All(text.Split('\n'), line => Assert.True(line.Length <= AboutTopicWriter.Width, line));
    }

    [Fact]
    public void Convert_RejectsATopicWhoseTitleIsNotAboutSomething()
    {
        var error = Assert.Throws<HelpMarkdownException>(() => AboutTopicWriter.Convert("# Sample\n\ntext\n", "about_Sample.md"));

        Assert.Equal("about_Sample.md:1: An about topic's title must start with 'about_', not 'Sample'.", error.Message);
    }
}
