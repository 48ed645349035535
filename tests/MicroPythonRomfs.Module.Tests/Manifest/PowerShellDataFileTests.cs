namespace MicroPythonRomfs.Module.Tests.Manifest;

public sealed class PowerShellDataFileTests
{
    [Fact]
    public void Parse_ReadsStringsArraysNumbersBooleansAndNestedTables()
    {
        var data = PowerShellDataFile.Parse(
            """
            <# a block
               comment #>
            @{
                # a line comment
                RootModule = 'Sample.dll'
                Quoted = "it's"; Doubled = 'it''s'
                List = @('a', 'b'
                    'c')
                Empty = @()
                Bare = 'x', 'y'
                Version = 5.1
                Flag = $true
                Nothing = $null
                Nested = @{ Inner = @{ Tags = @('t1') } }
            }
            """,
            "Sample.psd1");

        Assert.Equal("Sample.dll", data["rootmodule"]);
        Assert.Equal("it's", data["Quoted"]);
        Assert.Equal("it's", data["Doubled"]);
        Assert.Equal(new object[] { "a", "b", "c" }, data["List"]);
        Assert.Equal(Array.Empty<object>(), data["Empty"]);
        Assert.Equal(new object[] { "x", "y" }, data["Bare"]);
        Assert.Equal(5.1, data["Version"]);
        Assert.Equal(true, data["Flag"]);
        Assert.Null(data["Nothing"]);
        var inner = (IReadOnlyDictionary<string, object?>)((IReadOnlyDictionary<string, object?>)data["Nested"]!)["Inner"]!;
        Assert.Equal(new object[] { "t1" }, inner["Tags"]);
    }

    [Theory]
    [InlineData("@{ A = 'x'\n A = 'y' }", "Sample.psd1:2: the key 'A' appears twice.")]
    [InlineData("@{ A = \"$env:PATH\" }", "Sample.psd1:1: a double-quoted string expands '$'; use single quotes in a data file.")]
    [InlineData("@{ A = 'x' ", "Sample.psd1:1: a name or value was expected.")]
    [InlineData("@{ A = $home }", "Sample.psd1:1: the variable '$home' is not allowed in a data file.")]
    [InlineData("@{ } extra", "Sample.psd1:1: unexpected text after the closing '}'.")]
    public void Parse_RejectsWhatADataFileMayNotHold_NamingFileAndLine(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => PowerShellDataFile.Parse(text, "Sample.psd1"));

        Assert.Equal(expected, error.Message);
    }
}
