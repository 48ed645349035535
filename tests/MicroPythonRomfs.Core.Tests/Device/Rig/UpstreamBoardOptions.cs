namespace MicroPythonRomfs.Tests.Device.Rig;

/// <summary>
/// How to start an <see cref="UpstreamBoard"/>: the rig's environment variables (RIG_HEAP_KB, RIG_ROM0_SIZE,
/// RIG_ROM1_SIZE, RIG_BLOCK_SIZE, RIG_STM32) and the WebREPL variant. Unset values keep the rig's defaults
/// (256 KiB heap, 262144 + 65536 byte partitions, 4096-byte blocks).
/// </summary>
public sealed record UpstreamBoardOptions
{
    /// <summary>RIG_HEAP_KB: the MicroPython heap in KiB; small values make the board answer MemoryError.</summary>
    public int? HeapKb { get; init; }

    /// <summary>RIG_ROM0_SIZE: partition 0's size in bytes.</summary>
    public int? Rom0Size { get; init; }

    /// <summary>RIG_ROM1_SIZE: partition 1's size in bytes.</summary>
    public int? Rom1Size { get; init; }

    /// <summary>RIG_BLOCK_SIZE: the erase block size in bytes.</summary>
    public int? BlockSize { get; init; }

    /// <summary>RIG_STM32=1: answer exactly as stm32 internal flash (prepare → 16, complete → -22, 4-byte writes).</summary>
    public bool Stm32 { get; init; }

    /// <summary>Runs bin/micropython-romfs-webrepl instead, with WebREPL on <see cref="WebReplPort"/> (pty only).</summary>
    public bool WebRepl { get; init; }

    /// <summary>RIG_WEBREPL_PORT: the loopback port WebREPL listens on; null picks a free one.</summary>
    public int? WebReplPort { get; init; }

    /// <summary>RIG_WEBREPL_PASSWORD: at most 9 characters (upstream's limit).</summary>
    public string WebReplPassword { get; init; } = "secret";

    /// <summary>With <see cref="WebRepl"/>: read and discard the console (the pty) for the board's life, so that the
    /// copy of the REPL output the board writes there never fills it; the pty is then not for the test to open.</summary>
    public bool DrainConsole { get; init; }

    /// <summary>The rig's defaults.</summary>
    public static UpstreamBoardOptions Default { get; } = new();
}
