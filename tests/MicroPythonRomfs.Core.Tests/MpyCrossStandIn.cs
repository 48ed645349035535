using System.Runtime.InteropServices;

namespace MicroPythonRomfs.Tests;

/// <summary>
/// The stand-in mpy-cross (tests/MpyCrossStandIn), which the test project references so that its apphost is built
/// and copied beside the test assembly.
/// </summary>
internal static class MpyCrossStandIn
{
    /// <summary>The stand-in's executable in the test output folder.</summary>
    public static string ExecutablePath
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "mpy-cross.exe" : "mpy-cross");
            if (!File.Exists(path))
            {
                throw new FileNotFoundException("The stand-in mpy-cross was not built beside the tests; the test project must reference tests/MpyCrossStandIn.", path);
            }

            return path;
        }
    }
}
