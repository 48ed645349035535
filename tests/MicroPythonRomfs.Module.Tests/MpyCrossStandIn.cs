using System.Runtime.InteropServices;

namespace MicroPythonRomfs.Module.Tests;

/// <summary>The stand-in mpy-cross (tests/MpyCrossStandIn), built and copied beside the tests by a project reference.</summary>
internal static class MpyCrossStandIn
{
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
