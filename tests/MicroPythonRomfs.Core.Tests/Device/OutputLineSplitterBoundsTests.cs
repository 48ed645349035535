using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.Tests.Device;

public class OutputLineSplitterBoundsTests
{
    [Fact]
    public void Add_OfOutputWithoutLineEnds_HandsItOverInPiecesInsteadOfHoldingItAll()
    {
        var splitter = new OutputLineSplitter();
        var piece = new string('x', 10_000);
        var lines = new List<string>();

        for (var i = 0; i < 100; i++)
        {
            lines.AddRange(splitter.Add(piece));
        }

        lines.Add(splitter.Flush()!);
        Assert.All(lines, l => Assert.True(l.Length <= OutputLineSplitter.MaxLineLength));
        Assert.Equal(1_000_000, lines.Sum(l => l.Length));
    }
}
