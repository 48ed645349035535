using System.Reflection;
using MicroPythonRomfs.Mpy;
using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.Tests.Romfs;

public class RomfsBuildOptionsCopyTests
{
    [Fact]
    public void WithDefaultSourceName_CarriesEveryOtherOption()
    {
        // A property added later and forgotten in the copy would silently vanish on the RomfsFile paths.
        var original = new RomfsBuildOptions
        {
            CompileMpy = false,
            Compiler = new RecordingCompiler(),
            Exclude = new[] { "*.txt" },
            Alignment = 16,
            LastFiles = new[] { "main.py" },
            SourceName = null,
            Reporter = new RecordingReporter(),
            Target = new MpyVersionInfo(6, 3, MpyArchitecture.Xtensawin),
            RejectIncompatibleMpy = true,
            OpenFile = path => Stream.Null,
        };

        var copy = original.WithDefaultSourceName("app");

        Assert.Equal("app", copy.SourceName);
        foreach (var property in typeof(RomfsBuildOptions).GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            if (property.Name == nameof(RomfsBuildOptions.SourceName))
            {
                continue;
            }

            Assert.True(Equals(property.GetValue(original), property.GetValue(copy)), $"{property.Name} is not carried over");
            Assert.NotEqual(property.GetValue(new RomfsBuildOptions()), property.GetValue(original));
        }
    }

    private sealed class RecordingCompiler : IMpyCompiler
    {
        public string Description => "none";

        public Task<IReadOnlyList<byte[]?>> CompileAsync(IReadOnlyList<MpyCompileRequest> requests, CancellationToken cancellationToken)
            => Task.FromResult<IReadOnlyList<byte[]?>>(Array.Empty<byte[]>());
    }
}
