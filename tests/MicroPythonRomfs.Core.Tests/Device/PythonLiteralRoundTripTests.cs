using System.Numerics;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.Tests.Device;

public class PythonLiteralRoundTripTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(500);

    [Fact]
    public void Parse_ReturnsTheValue_ForTheReprMicroPythonPrintsOfAnyValue()
    {
        Prop.ForAll(ValueGen(3).ToArbitrary(), value =>
        {
            var text = MicroPythonRepr.Of(value);
            var parsed = PythonLiteral.Parse(text);
            return PythonValueComparer.Instance.Equals(value, parsed);
        }).Check(Config);
    }

    [Fact]
    public void Parse_ReadsBackEveryAsciiLiteralThatPythonCodeWrites()
    {
        Prop.ForAll(ValueGen(3).ToArbitrary(), value =>
        {
            var literal = PythonCode.Literal(value);
            Assert.All(literal, c => Assert.InRange(c, ' ', '~'));
            if (literal.Contains("str(b'") || literal.Contains("float("))
            {
                return true;
            }

            return PythonValueComparer.Instance.Equals(value, PythonLiteral.Parse(literal));
        }).Check(Config);
    }

    [Fact]
    public void Parse_ThrowsOnlyPythonLiteralException_ForAnyText()
    {
        var pieces = Gen.Elements("(", ")", "[", "]", "{", "}", ",", ":", "'", "\"", "\\", "b'", "x", "u", "1", "-", ".", "e", "+", "inf", "nan", "None", "True", "set()", "bytearray(", " ", "\n", "é", "\\x4", "\\U0011ffff");
        Prop.ForAll(Gen.ListOf(pieces).Select(p => string.Concat(p)).ToArbitrary(), text =>
        {
            try
            {
                PythonLiteral.Parse(text);
            }
            catch (PythonLiteralException e)
            {
                return e.Offset >= 0 && e.Offset <= text.Length;
            }

            return true;
        }).Check(Config.WithMaxTest(2000));
    }

    internal static Gen<object?> ValueGen(int depth)
    {
        var scalar = Gen.OneOf(
            ArbMap.Default.GeneratorFor<long>().Select(x => (object?)x),
            Gen.Zip(ArbMap.Default.GeneratorFor<long>(), ArbMap.Default.GeneratorFor<long>())
                .Select(p => Normalize(((BigInteger)p.Item1 * long.MaxValue) + p.Item2)),
            ArbMap.Default.GeneratorFor<double>().Select(x => (object?)x),
            ArbMap.Default.GeneratorFor<bool>().Select(x => (object?)x),
            Gen.Constant<object?>(null),
            TextGen().Select(x => (object?)x),
            ArbMap.Default.GeneratorFor<byte[]>().Select(x => (object?)(x ?? Array.Empty<byte>())));
        if (depth == 0)
        {
            return scalar;
        }

        var inner = ValueGen(depth - 1);
        var key = Gen.OneOf(
            ArbMap.Default.GeneratorFor<long>().Select(x => (object)x),
            TextGen().Select(x => (object)x));
        return Gen.Frequency(
            (4, scalar),
            (1, Gen.ListOf(inner).Resize(4).Select(items => (object?)items.ToList())),
            (1, Gen.ListOf(inner).Resize(4).Select(items => (object?)items.ToArray())),
            (1, Gen.ListOf(Gen.Zip(key, inner)).Resize(4).Select(pairs =>
            {
                var dict = new Dictionary<object, object?>(PythonValueComparer.Instance);
                foreach (var (k, v) in pairs)
                {
                    dict[k] = v;
                }

                return (object?)dict;
            })),
            (1, Gen.ListOf(key).Resize(4).Select(items => (object?)new HashSet<object>(items, PythonValueComparer.Instance))));
    }

    private static object? Normalize(BigInteger value) =>
        value >= long.MinValue && value <= long.MaxValue ? (long)value : value;

    // Strings a board can hold: valid Unicode, with quotes, backslashes, controls and characters beyond the BMP.
    private static Gen<string> TextGen()
    {
        var codePoint = Gen.Frequency(
            (6, Gen.Choose(0x20, 0x7e)),
            (2, Gen.Elements(0, 3, 4, 9, 10, 13, '\'', '"', '\\', 0x7f, 0xe9)),
            (1, Gen.Choose(0x80, 0xd7ff)),
            (1, Gen.Choose(0x10000, 0x10ffff)));
        return Gen.ListOf(codePoint).Select(points =>
        {
            var builder = new StringBuilder();
            foreach (var point in points)
            {
                builder.Append(char.ConvertFromUtf32(point));
            }

            return builder.ToString();
        });
    }
}
