using FsCheck;
using FsCheck.Fluent;

namespace MicroPythonRomfs.Tests.Mpy.Compiler;

/// <summary>
/// Generates small, terminating MicroPython programs: random expressions over literals of every kind and four
/// integer variables, inside assignments, prints, branches, loops, functions, closures, classes, try/except and
/// comprehensions. Errors a program raises (a TypeError, a ZeroDivisionError) are part of what it does.
/// </summary>
internal static class PythonProgramGenerator
{
    private static readonly string[] Numbers =
    {
        "0", "1", "-1", "7", "255", "256", "-300", "1073741823", "1073741824", "2147483647", "12345678901234567890",
        "0x7f", "0o17", "0b101", "1_000", "True",
    };

    private static readonly string[] Variables = { "v0", "v1", "v2", "v3" };

    private static readonly string[] BinaryOperators = { "+", "-", "*", "&", "|", "^", "<", "<=", "==", "!=", ">", "and", "or" };

    public static Gen<string> Program() =>
        from statements in Gen.ListOf(Statement(), 8)
        select "v0 = 1\nv1 = 2\nv2 = -3\nv3 = 10\n" + string.Concat(statements) + "print(v0, v1, v2, v3)\n";

    private static Gen<string> Expression() => Gen.Sized(size => Expression(Math.Min(size, 3)));

    private static Gen<string> Expression(int depth)
    {
        var atom = Gen.OneOf(Gen.Elements(Numbers), Gen.Elements(Variables), Gen.Elements(Variables));
        if (depth <= 0)
        {
            return atom;
        }

        var sub = Expression(depth - 1);
        return Gen.OneOf(
            atom,
            from a in sub from op in Gen.Elements(BinaryOperators) from b in sub select $"({a} {op} {b})",
            from a in sub from k in Gen.Choose(0, 3) select $"({a} ** {k})",
            from a in sub from op in Gen.Elements("//", "%") from b in sub select $"({a} {op} ({b} or 3))",
            from a in sub from k in Gen.Choose(0, 24) select $"({a} << {k})",
            from a in sub from k in Gen.Choose(0, 8) select $"({a} >> {k})",
            from a in sub from b in sub from c in sub select $"({a} < {b} <= {c})",
            from a in sub select $"(not {a})",
            from a in sub select $"(-{a})",
            from a in sub select $"(~{a})",
            from a in sub from b in sub from c in sub select $"({a} if {b} else {c})",
            from a in sub from b in sub select $"[{a}, {b}][1]",
            from a in sub from b in sub select $"len(({a}, {b}))",
            from a in sub select $"abs({a})",
            from a in sub select $"int({a})",
            from a in sub from b in sub select $"min({a}, {b})");
    }

    private static Gen<string> Statement()
    {
        var e = Expression();
        var v = Gen.Elements(Variables);
        return Gen.OneOf(
            from name in v from x in e select $"{name} = {x}\n",
            from name in v from op in Gen.Elements("+=", "-=", "*=", "|=") from x in e select $"{name} {op} {x}\n",
            from a in e from b in e select $"print({a}, {b})\n",
            from c in e from a in e from b in e select $"if {c}:\n    print({a})\nelse:\n    print({b})\n",
            from name in v from k in Gen.Choose(0, 6) select $"for i in range({k}):\n    {name} = ({name} + i) % 1000\n",
            from d in e from x in e from arg in e select $"def f(a, b={d}):\n    c = a * 2\n    return (a, b, c, {x})\nprint(f({arg}))\n",
            from a in e select $"try:\n    print({a})\nexcept Exception as err:\n    print(type(err).__name__)\n",
            from k in Gen.Choose(0, 6) from x in e select $"print([i + {x} for i in range({k}) if i % 2])\n",
            from k in Gen.Choose(0, 6) select $"n = 0\nwhile n < {k}:\n    n += 1\nprint(n)\n",
            from a in e from b in e select $"def mk(x):\n    def g(y):\n        return (x, y)\n    return g\nprint(mk({a})({b}))\n",
            from a in e select $"class C:\n    z = {a}\n    def m(self):\n        return self.z\nprint(C().m())\n",
            from a in e from b in e select $"t = ({a}, {b})\np, q = t\nprint(q, p)\n",
            from a in e select $"print(sorted([str(x) for x in ({a}, 'k')]))\n",
            from a in e from b in e select $"print(f\"{{{a}}}-{{{b}!r:>6}}\", 'ab' * 2, 'x' + str({a}), len(\"hello world, long!\"))\n",
            from a in e select $"print((1, 2) + ({a},), b'xy' * 2, None is None, {a} in (1, 2, 3), ...)\n",
            from a in e from f in Gen.Elements("0.5", "2.25", "-1.5", "1e3", "3.0", "1.1", "1e-9") select $"print({a} * {f}, {a} / 7, {f} ** 2, -{f} // 0.75, {f} % -2)\n",
            from a in e from b in e select $"def gen(n):\n    for k in range(n):\n        yield k * {a}\n    return {b}\nprint(list(gen(3)), sum(x for x in gen(4) if x))\n",
            from a in e select $"def outer():\n    acc = {a}\n    def inc(d):\n        nonlocal acc\n        acc += d\n        return acc\n    inc(1)\n    return inc(2)\nprint(outer())\n",
            from a in e from b in e select $"def kw(p, *rest, key={a}, **more):\n    return (p, rest, key, sorted(more.items()))\nprint(kw(1, 2, 3, key={b}, z=4), kw(*[5, 6], **{{'y': 7}}))\n",
            from k in Gen.Choose(0, 6) from a in e select $"for j in range({k}):\n    try:\n        if j == 2:\n            continue\n        if j == 4:\n            break\n        print(j, {a})\n    finally:\n        print('f', j)\nelse:\n    print('done')\n",
            from a in e from b in e select $"lst = [{a}, {b}, 3, 4, 5]\nlst[1:3] = [9]\nlst[0] += 1\ndel lst[-1]\nprint(lst, lst[::2], lst[-2:])\n",
            from a in e select $"d = {{'k': {a}}}\nd['k'] *= 2\nprint(d, {{x: x * 2 for x in range(3)}}, sorted({{x % 3 for x in range(7)}}))\n",
            from a in e select $"class B:\n    def __init__(self, v):\n        self.v = v\nclass D(B):\n    def __init__(self, v):\n        super().__init__(v * 2)\n        self.v += 1\no = D({a})\no.v -= 1\nprint(o.v, isinstance(o, B))\n",
            from a in e select $"class CM:\n    def __enter__(self):\n        return {a}\n    def __exit__(self, *exc):\n        print('exit', exc[0] is None)\n        return True\nwith CM() as got:\n    print(got)\n    raise ValueError\nprint('after')\n",
            from a in e from b in e select $"f2 = lambda x, y={a}: (x, y)\nprint(f2({b}), f2(1, 2), (lambda: {a})())\n",
            from a in e select $"x1, *mid, x2 = (1, {a}, 3, 4)\nprint(x1, mid, x2)\n",
            from a in e select $"if (w := {a}) > 5:\n    print('big', w)\nprint([y for z in range(3) if (y := z * 2)])\n");
    }
}
