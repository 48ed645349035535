namespace MicroPythonRomfs.Mpy;

/// <summary>Raised when one or more Python files cannot be compiled; nothing is written in that case.</summary>
public sealed class MpyCompilationException : Exception
{
    /// <summary>Creates the exception from the errors found.</summary>
    /// <param name="errors">At least one error.</param>
    public MpyCompilationException(IReadOnlyList<MpyCompileError> errors)
        : base(BuildMessage(errors))
    {
        Errors = errors;
    }

    /// <summary>Every file that failed, with its line and message.</summary>
    public IReadOnlyList<MpyCompileError> Errors { get; }

    private static string BuildMessage(IReadOnlyList<MpyCompileError> errors)
    {
        if (errors == null || errors.Count == 0)
        {
            throw new ArgumentException("At least one error is required.", nameof(errors));
        }

        return errors.Count == 1
            ? errors[0].ToString()
            : $"{errors.Count} files could not be compiled; the first: {errors[0]}";
    }
}
