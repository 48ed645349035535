namespace MicroPythonRomfs.Mpy.Compiler;

/// <summary>An integer that fits the target's small int.</summary>
internal sealed class SmallIntNode : ParseNode
{
    public SmallIntNode(long value) => Value = value;

    public long Value { get; }

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
