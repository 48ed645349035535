using System.Reflection;
using System.Xml.Linq;

namespace MicroPythonRomfs.Module.Tests.Formatting;

public sealed class FormatFileTests
{
    private static readonly Lazy<XDocument> FormatLazy = new(() => XDocument.Load(ModuleFiles.FormatFile));

    private static IEnumerable<XElement> Views => FormatLazy.Value.Root!.Element("ViewDefinitions")?.Elements("View") ?? [];

    [Fact]
    public void FormatFile_IsAConfigurationOfNamedViews()
    {
        Assert.Equal("Configuration", FormatLazy.Value.Root!.Name.LocalName);
        Assert.NotNull(FormatLazy.Value.Root.Element("ViewDefinitions"));
        var names = Views.Select(v => v.Element("Name")?.Value).ToList();
        Assert.All(names, name => Assert.False(string.IsNullOrWhiteSpace(name)));
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Fact]
    public void EveryOutputTypeOfTheModule_HasADefaultTableView()
    {
        var tableTypes = Views.Where(v => v.Element("TableControl") is not null)
            .SelectMany(v => v.Element("ViewSelectedBy")!.Elements("TypeName").Select(t => t.Value.Trim()))
            .ToHashSet(StringComparer.Ordinal);

        // PowerShell formats its own and .NET's types (FileInfo, string); the module formats the ones it defines.
        var missing = ModuleFiles.Cmdlets
            .SelectMany(c => c.OutputTypes.Select(t => (Cmdlet: c.Name, Type: t)))
            .Where(o => o.Type.StartsWith(ModuleFiles.ModuleName + ".", StringComparison.Ordinal) && !tableTypes.Contains(o.Type))
            .Select(o => $"{o.Type} (output of {o.Cmdlet})")
            .Distinct()
            .ToList();

        Assert.True(missing.Count == 0, $"{ModuleFiles.FormatFileName} has no table view for: {string.Join(", ", missing)}");
    }

    [Fact]
    public void EveryTableColumn_HasAHeader_AndNamesAPublicPropertyOfItsType()
    {
        var problems = new List<string>();
        foreach (var view in Views.Where(v => v.Element("TableControl") is not null))
        {
            var name = view.Element("Name")!.Value;
            var table = view.Element("TableControl")!;
            var headers = table.Element("TableHeaders")?.Elements("TableColumnHeader").Count() ?? 0;
            foreach (var entry in table.Descendants("TableRowEntry"))
            {
                var items = entry.Element("TableColumnItems")?.Elements("TableColumnItem").ToList() ?? [];
                if (headers != 0 && items.Count != headers)
                {
                    problems.Add($"view '{name}' has {headers} headers but {items.Count} columns.");
                }

                foreach (var typeName in view.Element("ViewSelectedBy")!.Elements("TypeName").Select(t => t.Value.Trim()))
                {
                    var type = FindType(typeName);
                    if (type is null)
                    {
                        problems.Add($"view '{name}' selects {typeName}, which no module assembly defines.");
                        continue;
                    }

                    foreach (var property in items.Select(i => i.Element("PropertyName")?.Value.Trim()).OfType<string>())
                    {
                        if (type.GetProperty(property, BindingFlags.Public | BindingFlags.Instance) is null)
                        {
                            problems.Add($"view '{name}' shows {property}, which {typeName} does not have.");
                        }
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private static Type? FindType(string name)
    {
        if (!name.StartsWith(ModuleFiles.ModuleName + ".", StringComparison.Ordinal))
        {
            return Type.GetType(name);
        }

        return new[] { ModuleFiles.CmdletAssembly, Assembly.Load(new AssemblyName(ModuleFiles.ModuleName + ".Core")) }
            .Select(a => a.GetType(name))
            .FirstOrDefault(t => t is not null);
    }
}
