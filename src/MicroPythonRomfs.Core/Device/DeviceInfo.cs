using System.Globalization;

namespace MicroPythonRomfs.Device;

/// <summary>Facts about a board, read once when connecting.</summary>
public sealed record DeviceInfo
{
    // One command, so connecting costs a single round trip, and a short one: every byte of it is sent on every
    // connection, and mpremote sends none. The board prints sys.implementation (an attrtuple, keyword form), the
    // platform, the ROM partition count, the unique id and sys.version, one a line; the host takes them apart.
    // Every probe is guarded: minimal ports lack vfs or machine, older firmware lacks vfs.rom_ioctl.
    internal const string ProbeCode =
        "import sys\n" +
        "r=u=None\n" +
        "try:import vfs;r=vfs.rom_ioctl(1)\n" +
        "except:0\n" +
        "try:import machine;u=machine.unique_id()\n" +
        "except:0\n" +
        "print(sys.implementation,sys.platform,r,u,sys.version,sep='\\n')";

    private static readonly string[] Architectures =
    {
        "none", "x86", "x64", "armv6", "armv6m", "armv7m", "armv7em", "armv7emsp", "armv7emdp", "xtensa", "xtensawin", "rv32imc", "rv64imc",
    };

    /// <summary>The port the board is on.</summary>
    public string Port { get; init; } = string.Empty;

    /// <summary><c>sys.implementation.name</c>, normally <c>micropython</c>.</summary>
    public string ImplementationName { get; init; } = string.Empty;

    /// <summary>The firmware version, for example <c>1.29.0-preview.731.g1c3c201149</c> (from <c>sys.version</c>,
    /// else <c>sys.implementation.version</c>).</summary>
    public string FirmwareVersion { get; init; } = string.Empty;

    /// <summary><c>sys.platform</c>, for example <c>rp2</c>, <c>esp32</c> or <c>linux</c>.</summary>
    public string Platform { get; init; } = string.Empty;

    /// <summary><c>sys.implementation._machine</c>, the board's own description, when present.</summary>
    public string? Machine { get; init; }

    /// <summary><c>sys.implementation._mpy</c> as the board reports it, or <see langword="null"/> when absent.</summary>
    public int? MpyValue { get; init; }

    /// <summary>The .mpy bytecode version the board loads (the low byte of <c>_mpy</c>), for example 6.</summary>
    public int? MpyBytecodeVersion => MpyValue is int v ? v & 0xff : null;

    /// <summary>The .mpy sub-version (bits 8–9 of <c>_mpy</c>), for example 3.</summary>
    public int? MpySubVersion => MpyValue is int v ? (v >> 8) & 0x3 : null;

    /// <summary>The .mpy version as <c>6.3</c>, or <see langword="null"/> when the board does not say.</summary>
    public string? MpyVersion => MpyValue is null ? null : string.Format(CultureInfo.InvariantCulture, "{0}.{1}", MpyBytecodeVersion, MpySubVersion);

    /// <summary>The native code architecture (bits 10–15 of <c>_mpy</c>) in mpy-cross <c>-march</c> spelling, for
    /// example <c>x64</c> or <c>armv6m</c>; <c>none</c> when the firmware runs bytecode only.</summary>
    public string? MpyArchitecture => MpyValue is int v ? ArchitectureName((v >> 10) & 0x3f) : null;

    /// <summary>Whether the firmware has <c>vfs.rom_ioctl</c> (ROMFS support).</summary>
    public bool HasRomIoctl { get; init; }

    /// <summary>How many ROMFS partitions the board has; 0 without ROMFS support.</summary>
    public int RomfsPartitionCount { get; init; }

    /// <summary><c>machine.unique_id()</c> in lower-case hex, where the board has one.</summary>
    public string? UniqueId { get; init; }

    /// <summary>Names the native architecture number of a <c>_mpy</c> value or .mpy feature byte.</summary>
    /// <param name="architecture">The number (0–63).</param>
    /// <returns>The mpy-cross <c>-march</c> name, or <c>arch{N}</c> for a number this version does not know.</returns>
    public static string ArchitectureName(int architecture) =>
        architecture >= 0 && architecture < Architectures.Length ? Architectures[architecture] : "arch" + architecture.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads the facts from a board in the raw REPL (one command).</summary>
    /// <param name="session">The session.</param>
    /// <param name="cancellationToken">Interrupts the read.</param>
    /// <returns>The facts.</returns>
    /// <exception cref="DeviceConnectionException">The board's answer is not what the probe prints.</exception>
    public static async Task<DeviceInfo> ReadAsync(RawReplSession session, CancellationToken cancellationToken)
    {
        if (session is null)
        {
            throw new ArgumentNullException(nameof(session));
        }

        byte[] printed;
        try
        {
            printed = await session.ExecAsync(ProbeCode, cancellationToken).ConfigureAwait(false);
        }
        catch (MicroPythonException e)
        {
            // A board out of memory (or with a broken sys module) cannot describe itself: say so in one line.
            throw new DeviceConnectionException(session.Port, $"{session.Port} could not run the device probe: it raised {e.ExceptionName} ({Shorten(e.Message.Replace("\r", " ").Replace("\n", " ").Trim())}).", e);
        }

        var text = System.Text.Encoding.UTF8.GetString(printed).Trim();
        try
        {
            return FromProbe(session.Port, ProbeLines(text));
        }
        catch (Exception e) when (e is PythonLiteralException or InvalidCastException or IndexOutOfRangeException or FormatException or NullReferenceException)
        {
            throw new DeviceConnectionException(session.Port, $"{session.Port} answered the device probe with something unexpected: {Shorten(text)} ({e.Message})", e);
        }
    }

    // The probe's lines as the tuple FromProbe reads: (name, version, _mpy, platform, partitions, unique id,
    // sys.version, _machine).
    internal static object?[] ProbeLines(string text)
    {
        var lines = text.Trim().Replace("\r\n", "\n").Split('\n');
        if (lines.Length != 5)
        {
            throw new FormatException($"expected 5 lines, got {lines.Length}");
        }

        var implementation = ImplementationFields(lines[0].Trim());
        object? Field(string key, int position) =>
            implementation.TryGetValue(key, out var value) ? value : implementation.TryGetValue("#" + position.ToString(CultureInfo.InvariantCulture), out value) ? value : null;
        var unique = PythonLiteral.Parse(lines[3].Trim());
        return new[]
        {
            Field("name", 0),
            Field("version", 1) ?? Array.Empty<object?>(),
            Field("_mpy", 2),
            lines[1].Trim(),
            PythonLiteral.Parse(lines[2].Trim()),
            unique is byte[] id ? string.Concat(id.Select(b => b.ToString("x2", CultureInfo.InvariantCulture))) : unique as string,
            lines[4].Trim(),
            Field("_machine", -1),
        };
    }

    // sys.implementation prints as (name='micropython', version=(1, 29, 0, 'preview'), _mpy=2822, ...): split at the
    // top-level commas (outside strings and brackets) and parse each value; items without a key go by position.
    private static Dictionary<string, object?> ImplementationFields(string text)
    {
        if (text.Length < 2 || text[0] != '(' || text[text.Length - 1] != ')')
        {
            throw new FormatException("sys.implementation is not a tuple");
        }

        var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
        var depth = 0;
        char quote = '\0';
        var start = 1;
        var position = 0;
        for (var i = 1; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = '\0';
                }

                continue;
            }

            if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c is '(' or '[' or '{')
            {
                depth++;
            }
            else if ((c is ')' or ']' or '}') && depth > 0)
            {
                depth--;
            }
            else if ((c == ',' && depth == 0) || i == text.Length - 1)
            {
                var item = text.Substring(start, i - start).Trim();
                start = i + 1;
                if (item.Length == 0)
                {
                    continue;
                }

                var equals = item.IndexOf('=');
                var isKey = equals > 0 && item.Take(equals).All(ch => ch == '_' || char.IsLetterOrDigit(ch));
                var key = isKey ? item.Substring(0, equals) : "#" + position.ToString(CultureInfo.InvariantCulture);
                fields[key] = PythonLiteral.Parse(isKey ? item.Substring(equals + 1) : item);
                position++;
            }
        }

        return fields;
    }

    internal static DeviceInfo FromProbe(string port, object? probe)
    {
        if (probe is not object?[] { Length: >= 7 } items || items[1] is not object?[] version)
        {
            throw new FormatException("the probe prints a tuple of at least seven items, the second a tuple");
        }

        var numbers = version.TakeWhile(v => v is long).Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)).ToList();
        var firmware = string.Join(".", numbers);
        var sysVersion = items[6] as string ?? string.Empty;
        var marker = sysVersion.IndexOf("MicroPython v", StringComparison.Ordinal);
        if (marker >= 0)
        {
            var start = marker + "MicroPython v".Length;
            var end = sysVersion.IndexOf(' ', start);
            firmware = end < 0 ? sysVersion.Substring(start) : sysVersion.Substring(start, end - start);
        }
        else if (version.Length > numbers.Count && version[numbers.Count] is string level && level.Length > 0)
        {
            firmware += "-" + level;
        }

        var rom = items[4];
        return new DeviceInfo
        {
            Port = port,
            ImplementationName = items[0] as string ?? string.Empty,
            FirmwareVersion = firmware,
            MpyValue = items[2] is long mpy && mpy >= 0 && mpy <= int.MaxValue ? (int)mpy : null,
            Platform = items[3] as string ?? string.Empty,
            HasRomIoctl = rom != null,
            RomfsPartitionCount = rom is long count && count > 0 ? (int)Math.Min(count, int.MaxValue) : 0,
            UniqueId = items[5] as string,
            Machine = items.Length > 7 ? items[7] as string : null,
        };
    }

    private static string Shorten(string text) => text.Length <= 120 ? text : text.Substring(0, 120) + "...";
}
