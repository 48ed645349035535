using System.Management.Automation;

namespace MicroPythonRomfs.PowerShell;

/// <summary>Refuses, at parameter binding, a number that is not a power of two (an alignment such as <c>-Align 3</c>).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidatePowerOfTwoAttribute : ValidateArgumentsAttribute
{
    /// <summary>Throws when the argument is not a power of two.</summary>
    /// <param name="arguments">The bound value.</param>
    /// <param name="engineIntrinsics">The engine.</param>
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        var value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
        if (value is int number && (number <= 0 || (number & (number - 1)) != 0))
        {
            throw new ValidationMetadataException($"{number} is not a power of two. Give 1 (no alignment), 2, 4, 8, 16 and so on.");
        }
    }
}
