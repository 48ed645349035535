using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.Tests.Device;

public class OutputLineSplitterTests
{
    [Fact]
    public void Add_ReturnsWholeLines_WhateverThePieces()
    {
        var splitter = new OutputLineSplitter();
        Assert.Empty(splitter.Add("hel"));
        Assert.Empty(splitter.Add("lo\r"));
        Assert.Equal(new[] { "hello" }, splitter.Add("\nwor"));
        Assert.Equal(new[] { "world", string.Empty, "unix" }, splitter.Add("ld\r\n\r\nunix\nta"));
        Assert.Equal("tail", splitter.Add("il") is { Count: 0 } ? splitter.Flush() : null);
        Assert.Null(splitter.Flush());
    }
}
