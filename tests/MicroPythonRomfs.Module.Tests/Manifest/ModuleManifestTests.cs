using System.Xml.Linq;

namespace MicroPythonRomfs.Module.Tests.Manifest;

public sealed class ModuleManifestTests
{
    private static readonly Lazy<IReadOnlyDictionary<string, object?>> ManifestLazy =
        new(() => PowerShellDataFile.Parse(File.ReadAllText(ModuleFiles.Manifest), ModuleFiles.Manifest));

    private static IReadOnlyDictionary<string, object?> Manifest => ManifestLazy.Value;

    private static IReadOnlyList<string> Strings(IReadOnlyDictionary<string, object?> table, string key) =>
        table.TryGetValue(key, out var value)
            ? value switch
            {
                string one => [one],
                object?[] many => many.Select(v => Assert.IsType<string>(v)).ToList(),
                _ => throw new Xunit.Sdk.XunitException($"{key} is neither a string nor an array of strings."),
            }
            : throw new Xunit.Sdk.XunitException($"The manifest has no {key}.");

    [Fact]
    public void CmdletsToExport_NamesExactlyTheAssemblysCmdlets()
    {
        var exported = Strings(Manifest, "CmdletsToExport").Order(StringComparer.Ordinal).ToList();
        var declared = ModuleFiles.Cmdlets.Select(c => c.Name).Order(StringComparer.Ordinal).ToList();

        Assert.True(
            exported.SequenceEqual(declared),
            $"CmdletsToExport lists [{string.Join(", ", exported)}]; MicroPythonRomfs.dll declares [{string.Join(", ", declared)}].");
        Assert.DoesNotContain(exported, name => name.Contains('*', StringComparison.Ordinal));
    }

    [Fact]
    public void NothingButCmdlets_IsExported()
    {
        foreach (var key in new[] { "FunctionsToExport", "VariablesToExport", "AliasesToExport" })
        {
            Assert.Equal(Array.Empty<object>(), Assert.IsType<object?[]>(Manifest[key]));
        }
    }

    [Fact]
    public void ModuleVersion_IsTheVersionPrefixOfDirectoryBuildProps()
    {
        var prefix = XDocument.Load(ModuleFiles.VersionProps).Descendants("VersionPrefix").Single().Value.Trim();

        Assert.Equal(prefix, Manifest["ModuleVersion"]);
        var informational = ModuleFiles.CmdletAssembly.GetCustomAttributesData()
            .Single(a => a.AttributeType.Name == "AssemblyInformationalVersionAttribute").ConstructorArguments[0].Value as string;
        Assert.StartsWith(prefix, informational, StringComparison.Ordinal);
    }

    [Fact]
    public void Manifest_RunsOnWindowsPowerShell51AndPowerShell7()
    {
        Assert.Equal(["Core", "Desktop"], Strings(Manifest, "CompatiblePSEditions").Order(StringComparer.Ordinal));
        Assert.Equal("5.1", Manifest["PowerShellVersion"]);
        // build.ps1 ships the manifest with the build-output folder ('out/publish/') removed from file names.
        Assert.Equal("out/publish/" + ModuleFiles.ModuleName + ".dll", Manifest["RootModule"]);
        Assert.True(Guid.TryParse(Manifest["GUID"] as string, out var guid) && guid != Guid.Empty, "GUID must be a fixed, non-empty GUID.");
    }

    [Fact]
    public void FormatsToProcess_NamesTheFormatFile_WhichIsCopiedBesideTheAssembly()
    {
        Assert.Equal(["out/publish/" + ModuleFiles.FormatFileName], Strings(Manifest, "FormatsToProcess"));
        Assert.True(File.Exists(ModuleFiles.FormatFile), $"{ModuleFiles.FormatFile} is missing.");
        var beside = Path.Combine(Path.GetDirectoryName(ModuleFiles.CmdletAssembly.Location)!, ModuleFiles.FormatFileName);
        Assert.True(File.Exists(beside), $"The build does not copy {ModuleFiles.FormatFileName} beside MicroPythonRomfs.dll.");
    }

    [Fact]
    public void PSData_CarriesTags_AndNoPlaceholderLinks_ForTheGallery()
    {
        var privateData = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(Manifest["PrivateData"]);
        var psData = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(privateData["PSData"]);

        var tags = Strings(psData, "Tags");
        Assert.Contains("MicroPython", tags);
        Assert.Contains("PSEdition_Desktop", tags);
        Assert.Contains("PSEdition_Core", tags);
        // The Gallery rejects tags with spaces.
        Assert.All(tags, tag => Assert.DoesNotContain(' ', tag));
        // The project has no public address yet: no invented links. The licence ships as LICENSE in the module.
        Assert.False(psData.ContainsKey("ProjectUri"), "ProjectUri must name a real address or be left out.");
        Assert.False(psData.ContainsKey("LicenseUri"), "LicenseUri must name a real address or be left out.");
        Assert.True(File.Exists(Path.Combine(ModuleFiles.RepoRoot, "LICENSE")), "LICENSE is missing.");
        Assert.False(string.IsNullOrWhiteSpace(Manifest["Description"] as string), "Publish-Module requires a Description.");
        Assert.False(string.IsNullOrWhiteSpace(Manifest["Author"] as string), "Publish-Module requires an Author.");
    }
}
