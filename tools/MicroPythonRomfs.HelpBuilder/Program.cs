using System.Reflection;
using MicroPythonRomfs.HelpBuilder;
using MicroPythonRomfs.HelpBuilder.Markdown;
using MicroPythonRomfs.HelpBuilder.Reflection;

const string Usage = """
    usage: MicroPythonRomfs.HelpBuilder --docs <folder> --out <folder> [--check]
           MicroPythonRomfs.HelpBuilder --docs <folder> --new-pages <cmdlet assembly.dll>

      --docs <folder>        the PlatyPS markdown pages (Verb-Noun.md, about_*.md)
      --out <folder>         where the MAML (*-Help.xml) and about_*.help.txt files go, e.g. en-US
      --check                write nothing; exit 1 when --out differs from what --docs produces
      --new-pages <dll>      write a page with placeholders for every cmdlet in the assembly that has none
    """;

string? docs = null, output = null, assemblyPath = null;
var check = false;
for (var i = 0; i < args.Length; i++)
{
    string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
    try
    {
        switch (args[i])
        {
            case "--docs": docs = Value(); break;
            case "--out": output = Value(); break;
            case "--new-pages": assemblyPath = Value(); break;
            case "--check": check = true; break;
            case "-h" or "--help": Console.WriteLine(Usage); return 0;
            default: throw new ArgumentException($"Unknown argument '{args[i]}'.");
        }
    }
    catch (ArgumentException e)
    {
        Console.Error.WriteLine(e.Message);
        Console.Error.WriteLine(Usage);
        return 2;
    }
}

if (docs is null || (output is null == (assemblyPath is null)))
{
    Console.Error.WriteLine(Usage);
    return 2;
}

if (!Directory.Exists(docs))
{
    Console.Error.WriteLine($"The docs folder '{docs}' does not exist.");
    return 2;
}

try
{
    return assemblyPath is not null ? NewPages(docs, assemblyPath) : Build(docs, output!, check);
}
catch (HelpMarkdownException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

static int Build(string docs, string output, bool check)
{
    var files = HelpFileSet.Build(docs);
    var stale = Directory.Exists(output)
        ? Directory.GetFiles(output).Select(Path.GetFileName).OfType<string>()
            .Where(name => HelpFileSet.IsGeneratedFileName(name) && !files.ContainsKey(name)).OrderBy(n => n, StringComparer.Ordinal).ToList()
        : [];
    if (check)
    {
        var differing = files.Where(f => !File.Exists(Path.Combine(output, f.Key))
            || File.ReadAllText(Path.Combine(output, f.Key)).Replace("\r\n", "\n") != f.Value).Select(f => f.Key).ToList();
        foreach (var name in differing.Concat(stale))
        {
            Console.Error.WriteLine($"{Path.Combine(output, name)} is out of date with {docs}; run the help builder without --check.");
        }

        return differing.Count + stale.Count == 0 ? 0 : 1;
    }

    Directory.CreateDirectory(output);
    foreach (var (name, content) in files)
    {
        var target = Path.Combine(output, name);
        var temporary = target + ".tmp";
        File.WriteAllText(temporary, content);
        File.Move(temporary, target, overwrite: true);
        Console.WriteLine($"wrote {target}");
    }

    foreach (var name in stale)
    {
        File.Delete(Path.Combine(output, name));
        Console.WriteLine($"removed {Path.Combine(output, name)} (no page produces it)");
    }

    return 0;
}

static int NewPages(string docs, string assemblyPath)
{
    var assembly = Assembly.LoadFrom(Path.GetFullPath(assemblyPath));
    var documented = HelpFileSet.ReadCommandPages(docs).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
    var moduleName = assembly.GetName().Name ?? "Module";
    foreach (var cmdlet in CmdletAssemblyReader.Read(assembly).Where(c => !documented.Contains(c.Name)))
    {
        var path = Path.Combine(docs, cmdlet.Name + ".md");
        File.WriteAllText(path, CommandHelpMarkdownWriter.Write(cmdlet, moduleName, Path.GetFileName(assemblyPath) + "-Help.xml"));
        Console.WriteLine($"wrote {path}");
    }

    return 0;
}
