using System.Reflection;

namespace MicroPythonRomfs.HelpBuilder.Reflection;

/// <summary>
/// Reads the cmdlets of an assembly from their System.Management.Automation attributes. It reads attribute data,
/// never attribute instances, so it works against PowerShellStandard's reference stubs as well as a real host.
/// </summary>
public static class CmdletAssemblyReader
{
    private const string Sma = "System.Management.Automation.";

    /// <summary>The cmdlets of an assembly, ordered by name.</summary>
    /// <param name="assembly">The cmdlet assembly.</param>
    /// <returns>Every public, non-abstract class with <c>[Cmdlet]</c>.</returns>
    public static IReadOnlyList<CmdletDefinition> Read(Assembly assembly) =>
        assembly.GetExportedTypes()
            .Where(t => t.IsClass && !t.IsAbstract)
            .Select(Read)
            .OfType<CmdletDefinition>()
            .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();

    /// <summary>Reads one class, or returns <see langword="null"/> when it has no <c>[Cmdlet]</c> attribute.</summary>
    /// <param name="type">A class.</param>
    /// <returns>The cmdlet, or <see langword="null"/>.</returns>
    public static CmdletDefinition? Read(Type type)
    {
        var cmdlet = type.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.FullName == Sma + "CmdletAttribute");
        if (cmdlet is null)
        {
            return null;
        }

        var name = $"{cmdlet.ConstructorArguments[0].Value}-{cmdlet.ConstructorArguments[1].Value}";
        var outputTypes = type.GetCustomAttributesData()
            .Where(a => a.AttributeType.FullName == Sma + "OutputTypeAttribute")
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(Flatten)
            .Select(v => v is Type t ? t.FullName ?? t.Name : v?.ToString() ?? string.Empty)
            .Where(v => v.Length > 0)
            .Distinct()
            .ToList();

        var parameters = new List<CmdletParameterDefinition>();
        foreach (var property in DeclarationOrder(type))
        {
            var attributes = property.GetCustomAttributesData();
            var sets = attributes.Where(a => a.AttributeType.FullName == Sma + "ParameterAttribute").Select(ReadMembership).ToList();
            if (sets.Count == 0)
            {
                continue;
            }

            var aliases = attributes.Where(a => a.AttributeType.FullName == Sma + "AliasAttribute")
                .SelectMany(a => a.ConstructorArguments).SelectMany(Flatten).Select(v => v?.ToString() ?? string.Empty)
                .Where(v => v.Length > 0).ToList();
            var wildcards = attributes.Any(a => a.AttributeType.FullName == Sma + "SupportsWildcardsAttribute");
            var validateSet = attributes.Where(a => a.AttributeType.FullName == Sma + "ValidateSetAttribute")
                .SelectMany(a => a.ConstructorArguments).SelectMany(Flatten).Select(v => v?.ToString() ?? string.Empty).ToList();
            var valueType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            valueType = valueType.IsArray ? valueType.GetElementType()! : valueType;
            var accepted = validateSet.Count > 0 ? validateSet : valueType.IsEnum ? Enum.GetNames(valueType).ToList() : [];
            parameters.Add(new CmdletParameterDefinition(property.Name, FriendlyName(property.PropertyType), aliases, wildcards, sets, accepted));
        }

        return new CmdletDefinition(
            name,
            type.FullName ?? type.Name,
            Named<string>(cmdlet, "DefaultParameterSetName"),
            Named<bool>(cmdlet, "SupportsShouldProcess"),
            outputTypes,
            parameters);
    }

    /// <summary>A type's name as PlatyPS writes it in a parameter's metadata: short names, <c>[]</c> for arrays.</summary>
    /// <param name="type">A parameter type.</param>
    /// <returns>For example <c>String[]</c>, <c>SwitchParameter</c>, <c>Nullable`1[Int32]</c>.</returns>
    public static string FriendlyName(Type type)
    {
        if (type.IsArray)
        {
            return FriendlyName(type.GetElementType()!) + "[]";
        }

        if (type.IsGenericType)
        {
            return $"{type.Name}[{string.Join(", ", type.GetGenericArguments().Select(FriendlyName))}]";
        }

        return type.Name;
    }

    private static ParameterSetMembership ReadMembership(CustomAttributeData attribute)
    {
        var position = Named<int?>(attribute, "Position");
        return new ParameterSetMembership(
            Named<string>(attribute, "ParameterSetName") ?? CmdletDefinition.AllParameterSets,
            Named<bool>(attribute, "Mandatory"),
            position is null or int.MinValue ? null : position,
            Named<bool>(attribute, "ValueFromPipeline"),
            Named<bool>(attribute, "ValueFromPipelineByPropertyName"));
    }

    private static T? Named<T>(CustomAttributeData attribute, string name)
    {
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.MemberName == name && argument.TypedValue.Value is { } value)
            {
                return (T)value;
            }
        }

        return default;
    }

    private static IEnumerable<object?> Flatten(CustomAttributeTypedArgument argument) =>
        argument.Value is IEnumerable<CustomAttributeTypedArgument> items ? items.Select(i => i.Value) : [argument.Value];

    // Reflection does not promise declaration order; metadata tokens follow the source order within a class,
    // and base-class parameters come after the class's own.
    private static IEnumerable<PropertyInfo> DeclarationOrder(Type type)
    {
        var chain = new List<Type>();
        for (var current = type; current is not null && current != typeof(object); current = current.BaseType)
        {
            chain.Add(current);
        }

        return chain.SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .OrderBy(p => p.MetadataToken));
    }
}
