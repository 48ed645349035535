using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace MicroPythonRomfs.PowerShell;

/// <summary>
/// Lets Windows PowerShell 5.1 load the libraries shipped beside the module when one of them asks for an older
/// version than the one shipped (System.Memory 4.0.1.2 asks for System.Buffers 4.0.2.0; the folder has 4.0.3.0).
/// An application would fix that with a binding redirect; a module has no configuration file, so on .NET Framework
/// the module answers the runtime's <see cref="AppDomain.AssemblyResolve"/> question itself. PowerShell 7 resolves
/// these on its own and is left alone.
/// </summary>
public sealed class ModuleAssemblyResolver : IModuleAssemblyInitializer
{
    private static readonly object Gate = new();
    private static bool _subscribed;

    /// <summary>Called by PowerShell when the module is imported: subscribes once per process, on .NET Framework only.</summary>
    public void OnImport()
    {
        if (!RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal))
        {
            return;
        }

        lock (Gate)
        {
            if (!_subscribed)
            {
                AppDomain.CurrentDomain.AssemblyResolve += OnAssemblyResolve;
                _subscribed = true;
            }
        }
    }

    /// <summary>
    /// The file in <paramref name="folder"/> that can stand for <paramref name="requested"/>: same name and public key
    /// token, the same or a later version. <see langword="null"/> when the folder has none.
    /// </summary>
    internal static string? FindShippedAssembly(AssemblyName requested, string folder)
    {
        var name = requested.Name;
        if (string.IsNullOrEmpty(name) || name!.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            return null;
        }

        var path = Path.Combine(folder, name + ".dll");
        if (!File.Exists(path))
        {
            return null;
        }

        AssemblyName shipped;
        try
        {
            shipped = AssemblyName.GetAssemblyName(path);
        }
        catch (Exception ex) when (ex is IOException or BadImageFormatException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            return null;
        }

        if (!string.Equals(shipped.Name, name, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (requested.Version != null && (shipped.Version == null || shipped.Version < requested.Version))
        {
            return null;
        }

        var requestedToken = requested.GetPublicKeyToken();
        if (requestedToken is { Length: > 0 } && !requestedToken.SequenceEqual(shipped.GetPublicKeyToken() ?? Array.Empty<byte>()))
        {
            return null;
        }

        return path;
    }

    private static Assembly? OnAssemblyResolve(object? sender, ResolveEventArgs args)
    {
        var folder = Path.GetDirectoryName(typeof(ModuleAssemblyResolver).Assembly.Location);
        if (string.IsNullOrEmpty(folder))
        {
            return null;
        }

        AssemblyName requested;
        try
        {
            requested = new AssemblyName(args.Name);
        }
        catch (Exception ex) when (ex is ArgumentException or FileLoadException)
        {
            return null;
        }

        var path = FindShippedAssembly(requested, folder!);
        return path == null ? null : Assembly.LoadFrom(path);
    }
}
