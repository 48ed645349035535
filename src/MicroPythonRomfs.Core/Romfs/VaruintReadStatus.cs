namespace MicroPythonRomfs.Romfs;

/// <summary>The outcome of <see cref="Varuint.TryRead"/>.</summary>
public enum VaruintReadStatus
{
    /// <summary>A value was read.</summary>
    Success,

    /// <summary>The bytes ended before the varuint's last byte.</summary>
    Truncated,

    /// <summary>The value does not fit in 63 bits.</summary>
    Overflow,
}
