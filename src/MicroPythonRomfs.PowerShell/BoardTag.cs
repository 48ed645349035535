using System.Management.Automation;

namespace MicroPythonRomfs.PowerShell;

/// <summary>
/// Tags output with the board it came from, as Invoke-Command tags output with PSComputerName: the object itself is
/// written unchanged, carrying the note properties Port and UniqueId.
/// </summary>
internal static class BoardTag
{
    public static PSObject Tag(object value, string port, string? uniqueId)
    {
        var tagged = PSObject.AsPSObject(value);
        tagged.Properties.Add(new PSNoteProperty("Port", port));
        tagged.Properties.Add(new PSNoteProperty("UniqueId", uniqueId));
        return tagged;
    }
}
