namespace System.Diagnostics.CodeAnalysis;

// netstandard2.0 lacks the nullable-analysis attributes; the compiler matches them by name.
[AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
internal sealed class NotNullWhenAttribute : Attribute
{
    public NotNullWhenAttribute(bool returnValue) => ReturnValue = returnValue;

    public bool ReturnValue { get; }
}
