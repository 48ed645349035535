namespace MicroPythonRomfs.Mpy.Compiler;

/// <summary>
/// The qstrs every MicroPython build numbers the same way (upstream's static qstr list); a .mpy names these by number
/// instead of spelling them out. Also the wider set of names mpy-cross has interned at start-up, which decides whether
/// a long string literal becomes a qstr or a constant object.
/// </summary>
internal static class StaticQstrs
{
    private static readonly string[] List =
    {
        string.Empty, "__dir__", "\n", " ", "*", "/", "<module>", "_", "__call__", "__class__", "__delitem__", "__enter__",
        "__exit__", "__getattr__", "__getitem__", "__hash__", "__init__", "__int__", "__iter__", "__len__", "__main__",
        "__module__", "__name__", "__new__", "__next__", "__qualname__", "__repr__", "__setitem__", "__str__",
        "ArithmeticError", "AssertionError", "AttributeError", "BaseException", "EOFError", "Ellipsis", "Exception",
        "GeneratorExit", "ImportError", "IndentationError", "IndexError", "KeyError", "KeyboardInterrupt", "LookupError",
        "MemoryError", "NameError", "NoneType", "NotImplementedError", "OSError", "OverflowError", "RuntimeError",
        "StopIteration", "SyntaxError", "SystemExit", "TypeError", "ValueError", "ZeroDivisionError", "abs", "all", "any",
        "append", "args", "bool", "builtins", "bytearray", "bytecode", "bytes", "callable", "chr", "classmethod", "clear",
        "close", "const", "copy", "count", "dict", "dir", "divmod", "end", "endswith", "eval", "exec", "extend", "find",
        "format", "from_bytes", "get", "getattr", "globals", "hasattr", "hash", "id", "index", "insert", "int", "isalpha",
        "isdigit", "isinstance", "islower", "isspace", "issubclass", "isupper", "items", "iter", "join", "key", "keys",
        "len", "list", "little", "locals", "lower", "lstrip", "main", "map", "micropython", "next", "object", "open",
        "ord", "pop", "popitem", "pow", "print", "range", "read", "readinto", "readline", "remove", "replace", "repr",
        "reverse", "rfind", "rindex", "round", "rsplit", "rstrip", "self", "send", "sep", "set", "setattr", "setdefault",
        "sort", "sorted", "split", "start", "startswith", "staticmethod", "step", "stop", "str", "strip", "sum", "super",
        "throw", "to_bytes", "tuple", "type", "update", "upper", "utf-8", "value", "values", "write", "zip",
    };

    // Longer names that mpy-cross's own build interns (built-in functions, types, methods and exceptions).
    // Longer names that mpy-cross's own build interns (used by the core runtime and compiler whatever the port).
    // Only strings over 10 bytes depend on this; names not certainly in mpy-cross are left out.
    private static readonly string[] Builtins =
    {
        "__abs__", "__add__", "__and__", "__bool__", "__complex__", "__contains__", "__delete__", "__divmod__", "__eq__",
        "__float__", "__floordiv__", "__ge__", "__get__", "__gt__", "__iadd__", "__iand__", "__ifloordiv__", "__ilshift__",
        "__imatmul__", "__imod__", "__imul__", "__invert__", "__ior__", "__ipow__", "__irshift__", "__isub__",
        "__itruediv__", "__ixor__", "__le__", "__lshift__", "__lt__", "__matmul__", "__mod__", "__mul__", "__ne__",
        "__neg__", "__or__", "__pos__", "__pow__", "__radd__", "__rand__", "__rfloordiv__", "__rlshift__", "__rmatmul__",
        "__rmod__", "__rmul__", "__ror__", "__rpow__", "__rrshift__", "__rshift__", "__rsub__", "__rtruediv__",
        "__rxor__", "__set__", "__sizeof__", "__sub__", "__truediv__", "__xor__", "__build_class__", "__import__",
        "__repl_print__", "__aenter__", "__aexit__", "__aiter__", "__anext__", "StopAsyncIteration", "bound_method",
        "<lambda>", "<listcomp>", "<dictcomp>", "<setcomp>", "<genexpr>",
    };

    private static readonly Dictionary<string, int> Index = BuildIndex();

    private static readonly HashSet<string> BuiltinSet = new(List.Concat(Builtins), StringComparer.Ordinal);

    /// <summary>The qstr number of a static qstr (1-based: number 0 is the null qstr), or -1.</summary>
    public static int IndexOf(string s) => Index.TryGetValue(s, out var i) ? i : -1;

    public static bool IsBuiltin(string s) => BuiltinSet.Contains(s);

    private static Dictionary<string, int> BuildIndex()
    {
        var d = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < List.Length; i++)
        {
            d[List[i]] = i + 1;
        }

        return d;
    }
}
