namespace MicroPythonRomfs.Mpy;

/// <summary>The <c>mpy-cross -march=</c> spelling of each <see cref="MpyArchitecture"/>, both ways.</summary>
public static class MpyArchitectureNames
{
    private static readonly string[] Names =
    {
        "none", "x86", "x64", "armv6", "armv6m", "armv7m", "armv7em", "armv7emsp", "armv7emdp",
        "xtensa", "xtensawin", "rv32imc", "rv64imc", "debug",
    };

    /// <summary>Every architecture name <c>mpy-cross -march=</c> accepts, in upstream order.</summary>
    public static IReadOnlyList<string> MarchNames { get; } = Names.Skip(1).ToArray();

    /// <summary>The <c>-march=</c> spelling, for example "xtensawin"; "none" for <see cref="MpyArchitecture.None"/>.</summary>
    /// <param name="architecture">The architecture.</param>
    /// <returns>The upstream name, or "arch N" for a number this library does not know.</returns>
    public static string GetName(MpyArchitecture architecture)
    {
        var index = (int)architecture;
        return index >= 0 && index < Names.Length ? Names[index] : $"arch {index}";
    }

    /// <summary>Reads an architecture name as <c>mpy-cross -march=</c> spells it (any letter case).</summary>
    /// <param name="name">For example "armv7emsp".</param>
    /// <param name="architecture">The architecture, when the name is known.</param>
    /// <returns>Whether the name is one of <see cref="MarchNames"/> or "none".</returns>
    public static bool TryParse(string? name, out MpyArchitecture architecture)
    {
        architecture = MpyArchitecture.None;
        if (name == null)
        {
            return false;
        }

        var trimmed = name.Trim();
        for (var i = 0; i < Names.Length; i++)
        {
            if (string.Equals(Names[i], trimmed, StringComparison.OrdinalIgnoreCase))
            {
                architecture = (MpyArchitecture)i;
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads an architecture name, failing with a message that lists the accepted names.</summary>
    /// <param name="name">For example "xtensawin".</param>
    /// <returns>The architecture.</returns>
    /// <exception cref="ArgumentException">The name is not an upstream architecture name.</exception>
    public static MpyArchitecture Parse(string name)
    {
        if (TryParse(name, out var architecture))
        {
            return architecture;
        }

        throw new ArgumentException($"'{name}' is not an mpy-cross architecture; use one of: {string.Join(", ", MarchNames)}.", nameof(name));
    }
}
