namespace MicroPythonRomfs.Partitions.Transfer;

/// <summary>One LZ77 step: a literal byte (distance 0) or a copy of a length from a distance back.</summary>
internal readonly struct DeflateToken
{
    public DeflateToken(int lengthOrLiteral, int distance)
    {
        LengthOrLiteral = lengthOrLiteral;
        Distance = distance;
    }

    public int LengthOrLiteral { get; }

    public int Distance { get; }
}
