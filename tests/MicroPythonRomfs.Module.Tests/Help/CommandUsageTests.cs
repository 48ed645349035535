using System.Text.RegularExpressions;
using Markdig.Syntax;
using MicroPythonRomfs.HelpBuilder.Markdown;
using MicroPythonRomfs.HelpBuilder.Reflection;

namespace MicroPythonRomfs.Module.Tests.Help;

/// <summary>
/// The Pester suite cannot run here and the docs' examples are never run at all, so their calls to the module's
/// cmdlets are checked statically: every <c>-Parameter</c> written after a cmdlet name must be one of its
/// parameters, aliases or common parameters, spelled out in full.
/// </summary>
public sealed class CommandUsageTests
{
    private static readonly string[] CommonParameters =
    [
        "Verbose", "vb", "Debug", "db", "ErrorAction", "ea", "ErrorVariable", "ev", "WarningAction", "wa", "WarningVariable", "wv",
        "InformationAction", "infa", "InformationVariable", "iv", "OutVariable", "ov", "OutBuffer", "ob", "PipelineVariable", "pv",
        "ProgressAction", "proga",
    ];

    private static readonly Regex Quoted = new(@"'(?:[^']|'')*'|""(?:[^""`]|`.)*""", RegexOptions.CultureInvariant);

    private static readonly Regex Comment = new(@"(?<=^|\s)#.*$", RegexOptions.CultureInvariant);

    private static readonly Regex ParameterToken = new(@"(?<=^|\s)-([A-Za-z][A-Za-z0-9]*)(?=$|[\s:])", RegexOptions.CultureInvariant);

    public static TheoryData<string> Sources()
    {
        var data = new TheoryData<string>();
        var files = Directory.GetFiles(ModuleFiles.Docs, "*.md")
            .Concat(Directory.GetFiles(Path.Combine(ModuleFiles.RepoRoot, "tests"), "*.ps1"))
            .Append(Path.Combine(ModuleFiles.RepoRoot, "README.md"))
            .Append(Path.Combine(ModuleFiles.RepoRoot, "build.ps1"));
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(ModuleFiles.RepoRoot, file).Replace('\\', '/'));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void EveryCallToAModuleCmdlet_UsesParametersTheCmdletHas(string relativePath)
    {
        var path = Path.Combine(ModuleFiles.RepoRoot, relativePath);
        var problems = new List<string>();
        foreach (var (line, text) in CodeLines(path))
        {
            problems.AddRange(Check(text).Select(problem => $"{relativePath}:{line}: {problem}"));
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Theory]
    [InlineData("New-RomfsImage -Path .\\app -OutFile x.romfs -NoMpy -WhatIf", 0)]
    [InlineData("Get-ChildItem | New-RomfsImage -Destination x.romfs", 1)]
    [InlineData("New-RomfsImage -Path x -ea Stop -Confirm:$false | Where-Object Length -gt 5", 0)]
    [InlineData("Get-RomfsItem -Path x -Force", 1)]
    [InlineData("Get-RomfsItem -Path '-Force' -LP x", 0)]
    [InlineData("Disconnect-MicroPythonDevice -Device $d", 0)]
    [InlineData("Connect-MicroPythonDevice -Port ('socket://{0}:{1}' -f $a, $b) -Timeout 10", 0)]
    [InlineData("Connect-MicroPythonDevice -Port ('x' -f $a) -Baud 9600", 1)]
    [InlineData("$x = @(Get-RomfsItem -Path $p -Depth 2)", 1)]
    [InlineData("Get-RomfsItem -Path x   # -Depth is not a parameter, but this is a comment", 0)]
    public void Check_FindsExactlyTheUnknownParameters(string line, int expectedProblems)
    {
        Assert.Equal(expectedProblems, Check(line).Count);
    }

    private static List<string> Check(string text)
    {
        var problems = new List<string>();
        var unquoted = Comment.Replace(Quoted.Replace(text, "''"), string.Empty);
        foreach (var cmdlet in ModuleFiles.Cmdlets)
        {
            var at = 0;
            while ((at = unquoted.IndexOf(cmdlet.Name, at, StringComparison.OrdinalIgnoreCase)) >= 0)
            {
                var start = at + cmdlet.Name.Length;
                at = start;
                var before = at - cmdlet.Name.Length - 1;
                if ((start < unquoted.Length && (char.IsLetterOrDigit(unquoted[start]) || unquoted[start] == '.'))
                    || (before >= 0 && (char.IsLetterOrDigit(unquoted[before]) || unquoted[before] is '-' or '_')))
                {
                    continue;
                }

                foreach (Match match in ParameterToken.Matches(Arguments(unquoted, start)))
                {
                    var name = match.Groups[1].Value;
                    if (!Knows(cmdlet, name))
                    {
                        problems.Add($"{cmdlet.Name} has no parameter -{name}.");
                    }
                }
            }
        }

        return problems;
    }

    // The call's own arguments: up to the end of its pipeline element or statement, without the contents of
    // nested (...), {...} and [...] expressions, whose operators (-f, -eq) are not the cmdlet's parameters.
    private static string Arguments(string text, int start)
    {
        var arguments = new System.Text.StringBuilder();
        var depth = 0;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '(' or '{' or '[')
            {
                depth++;
                arguments.Append(' ');
            }
            else if (c is ')' or '}' or ']')
            {
                if (depth == 0)
                {
                    break;
                }

                depth--;
            }
            else if (depth == 0 && c is '|' or ';')
            {
                break;
            }
            else if (depth == 0)
            {
                arguments.Append(c);
            }
        }

        return arguments.ToString();
    }

    private static bool Knows(CmdletDefinition cmdlet, string name) =>
        cmdlet.Parameters.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase) || p.Aliases.Contains(name, StringComparer.OrdinalIgnoreCase))
        || CommonParameters.Contains(name, StringComparer.OrdinalIgnoreCase)
        || (cmdlet.SupportsShouldProcess && name is "WhatIf" or "wi" or "Confirm" or "cf");

    private static IEnumerable<(int Line, string Text)> CodeLines(string path)
    {
        var text = File.ReadAllText(path).Replace("\r\n", "\n");
        if (path.EndsWith(".ps1", StringComparison.OrdinalIgnoreCase))
        {
            return JoinContinuations(text.Split('\n').Select((l, i) => (i + 1, l)));
        }

        // In markdown only code counts: the syntax blocks are checked against the assembly elsewhere.
        var document = Markdig.Markdown.Parse(text, MarkdownText.Pipeline);
        return document.Descendants<FencedCodeBlock>()
            .Where(block => string.Equals(block.Info, "powershell", StringComparison.OrdinalIgnoreCase))
            .SelectMany(block => JoinContinuations(block.Lines.Lines.Take(block.Lines.Count).Select((l, i) => (block.Line + 2 + i, l.Slice.ToString()))));
    }

    private static IEnumerable<(int Line, string Text)> JoinContinuations(IEnumerable<(int Line, string Text)> lines)
    {
        var pending = new List<(int Line, string Text)>();
        foreach (var line in lines)
        {
            pending.Add(line);
            if (!line.Text.TrimEnd().EndsWith('`'))
            {
                yield return (pending[0].Line, string.Join(" ", pending.Select(p => p.Text.TrimEnd().TrimEnd('`'))));
                pending.Clear();
            }
        }

        if (pending.Count > 0)
        {
            yield return (pending[0].Line, string.Join(" ", pending.Select(p => p.Text)));
        }
    }
}
