using System.Reflection;
using MicroPythonRomfs.HelpBuilder.Reflection;

namespace MicroPythonRomfs.Module.Tests;

/// <summary>The module's files in the repository and the cmdlet assembly the tests reflect over.</summary>
internal static class ModuleFiles
{
    public const string ModuleName = "MicroPythonRomfs";

    public const string HelpFileName = "MicroPythonRomfs.dll-Help.xml";

    public const string FormatFileName = "MicroPythonRomfs.format.ps1xml";

    private static readonly Lazy<string> RepoRootLazy = new(FindRepoRoot);

    private static readonly Lazy<IReadOnlyList<CmdletDefinition>> CmdletsLazy = new(() => CmdletAssemblyReader.Read(CmdletAssembly));

    /// <summary>The repository root: the folder holding MicroPythonRomfs.sln.</summary>
    public static string RepoRoot => RepoRootLazy.Value;

    public static string Docs => Path.Combine(RepoRoot, "docs");

    public static string EnUs => Path.Combine(RepoRoot, "en-US");

    public static string Manifest => Path.Combine(RepoRoot, ModuleName + ".psd1");

    public static string FormatFile => Path.Combine(RepoRoot, "src", "MicroPythonRomfs.PowerShell", FormatFileName);

    public static string VersionProps => Path.Combine(RepoRoot, "Directory.Build.props");

    /// <summary>MicroPythonRomfs.dll as built beside the tests (a project reference), loaded for reflection only.</summary>
    public static Assembly CmdletAssembly => Assembly.Load(new AssemblyName(ModuleName));

    /// <summary>Every cmdlet the assembly declares, ordered by name.</summary>
    public static IReadOnlyList<CmdletDefinition> Cmdlets => CmdletsLazy.Value;

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MicroPythonRomfs.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("MicroPythonRomfs.sln was not found above " + AppContext.BaseDirectory);
    }
}
