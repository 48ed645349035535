using MicroPythonRomfs.Mpy;
using MicroPythonRomfs.Romfs;

namespace MicroPythonRomfs.Tests.Romfs;

public class WeatherStationExampleTests
{
    private static string Example => Path.Combine(TestPaths.RepoRoot, "examples", "weather-station");

    [Fact]
    public async Task Example_BuildsIntoAnImageWithItsPackageConfigAndCalibrationTable()
    {
        var image = RomfsImage.Parse(await RomfsBuilder.BuildAsync(Example, new RomfsBuildOptions { CompileMpy = false }));

        Assert.Equal(
            new[] { "config.json", "data", "data/anemometer.csv", "main.py", "sensors", "sensors/__init__.py", "sensors/anemometer.py", "sensors/bme280.py", "sensors/smoothing.py" },
            image.Entries.Select(e => e.Path));
        Assert.True(image.TryGetEntry("config.json", out var config));
        using var json = System.Text.Json.JsonDocument.Parse(image.GetData(config!));
        Assert.Equal("data/anemometer.csv", json.RootElement.GetProperty("anemometer").GetProperty("calibration").GetString());
    }

    [Fact]
    public async Task Example_CompilesEveryModuleInOneCallNamedAfterTheFolder()
    {
        var compiler = new EchoCompiler();

        var image = RomfsImage.Parse(await RomfsBuilder.BuildAsync(Example, new RomfsBuildOptions { Compiler = compiler }));

        Assert.Equal(new[] { "weather-station/main.py", "weather-station/sensors/__init__.py", "weather-station/sensors/anemometer.py", "weather-station/sensors/bme280.py", "weather-station/sensors/smoothing.py" },
            compiler.SourceNames.OrderBy(n => n, StringComparer.Ordinal));
        Assert.True(image.TryGetEntry("sensors/bme280.mpy", out _));
        Assert.False(image.TryGetEntry("main.py", out _));
    }

    private sealed class EchoCompiler : IMpyCompiler
    {
        public List<string> SourceNames { get; } = new();

        public string Description => "echo";

        public Task<IReadOnlyList<byte[]?>> CompileAsync(IReadOnlyList<MpyCompileRequest> requests, CancellationToken cancellationToken)
        {
            SourceNames.AddRange(requests.Select(r => r.SourceName));
            return Task.FromResult<IReadOnlyList<byte[]?>>(requests.Select(r => new byte[] { (byte)'M', 6 }).ToList());
        }
    }
}
