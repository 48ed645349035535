using System.Collections;
using System.Collections.Specialized;
using MicroPythonRomfs.Device;

namespace MicroPythonRomfs.PowerShell;

/// <summary>
/// Turns values read from a board into the shapes PowerShell users work with: a dict becomes an ordered dictionary
/// (<c>$v.key</c> and <c>$v['key']</c> work, keys keep Python's order and case), lists and tuples become arrays.
/// </summary>
internal static class PowerShellValues
{
    /// <summary>The value in PowerShell's shapes, recursively.</summary>
    public static object? Convert(object? value)
    {
        switch (value)
        {
            case null or string or byte[]:
                return value;
            case IDictionary dictionary:
                {
                    var ordered = new OrderedDictionary(dictionary.Count, new KeyComparer());
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        ordered.Add(Convert(entry.Key)!, Convert(entry.Value));
                    }

                    return ordered;
                }

            case IList list:
                return list.Cast<object?>().Select(Convert).ToArray();
            case IEnumerable set:
                return set.Cast<object?>().Select(Convert).ToArray();
            default:
                return value;
        }
    }

    /// <summary>Whether PowerShell should write the value's items one by one (a list, tuple or set, not str, bytes or dict).</summary>
    public static bool Enumerates(object? value) => value is object?[];

    /// <summary>Python's key equality (1 == 1.0 == True; tuples by value), so lookups find what the board put there.</summary>
    private sealed class KeyComparer : IEqualityComparer
    {
        public new bool Equals(object? x, object? y) => PythonValueComparer.Instance.Equals(Unwrap(x), Unwrap(y));

        public int GetHashCode(object obj) => PythonValueComparer.Instance.GetHashCode(Unwrap(obj));

        private static object? Unwrap(object? value) => value is System.Management.Automation.PSObject ps ? ps.BaseObject : value;
    }
}
