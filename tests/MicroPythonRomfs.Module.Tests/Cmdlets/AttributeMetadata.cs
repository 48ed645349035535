using System.Reflection;

namespace MicroPythonRomfs.Module.Tests.Cmdlets;

/// <summary>
/// Reads attribute arguments from metadata. The PowerShellStandard reference assembly's attribute classes are
/// stubs whose properties return defaults at run time, so instances cannot be inspected; their metadata can.
/// </summary>
internal static class AttributeMetadata
{
    public static IReadOnlyList<CustomAttributeData> Of<TAttribute>(MemberInfo member) =>
        member.GetCustomAttributesData().Where(a => a.AttributeType == typeof(TAttribute)).ToList();

    public static object? Named(CustomAttributeData attribute, string name) =>
        attribute.NamedArguments.Where(a => a.MemberName == name).Select(a => a.TypedValue.Value).FirstOrDefault();

    public static IReadOnlyList<object?> Positional(CustomAttributeData attribute) =>
        attribute.ConstructorArguments.SelectMany(a => a.Value is IEnumerable<CustomAttributeTypedArgument> many ? many.Select(m => m.Value) : new[] { a.Value }).ToList();
}
