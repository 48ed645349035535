using System.Reflection;

namespace MicroPythonRomfs.Romfs;

/// <summary>
/// Resolves symbolic links. netstandard2.0 has no link API, so this calls <c>FileSystemInfo.ResolveLinkTarget</c>
/// by reflection where the runtime has it (.NET 6+, so PowerShell 7); elsewhere it returns the path unresolved and
/// loop detection falls back to a cap on nested links.
/// </summary>
internal static class FileSystemLinks
{
    private static readonly MethodInfo? ResolveLinkTarget =
        typeof(FileSystemInfo).GetMethod("ResolveLinkTarget", BindingFlags.Public | BindingFlags.Instance, null, new[] { typeof(bool) }, null);

    public static bool CanResolve => ResolveLinkTarget != null;

    public static bool IsLink(FileSystemInfo info) => (info.Attributes & FileAttributes.ReparsePoint) != 0;

    /// <summary>The final target's full path of a link, or <see langword="null"/> when the runtime cannot resolve links.</summary>
    public static string? ResolveFinalTarget(FileSystemInfo link)
    {
        if (ResolveLinkTarget == null)
        {
            return null;
        }

        try
        {
            var target = (FileSystemInfo?)ResolveLinkTarget.Invoke(link, new object[] { true });
            return target == null ? null : Path.GetFullPath(target.FullName);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is IOException)
        {
            // ELOOP and friends: the link cannot be resolved, which is itself a loop or a broken chain.
            throw ex.InnerException;
        }
    }
}
