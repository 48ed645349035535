using System.Text;

namespace MicroPythonRomfs.Mpy.Compiler;

/// <summary>Renders a refusal the way mpy-cross writes it to stderr, so the managed compiler can stand in for it.</summary>
internal static class MpyCrossErrorText
{
    /// <param name="error">The refusal.</param>
    /// <param name="inputPath">The input path as given on the command line (named by errors found while reading).</param>
    /// <param name="sourceName">The -s source name (named by errors found while compiling).</param>
    public static string Format(MpySyntaxException error, string inputPath, string sourceName)
    {
        var sb = new StringBuilder();
        if (error.Line is int line)
        {
            sb.Append("Traceback (most recent call last):\n");
            if (error.ScopeName == null)
            {
                sb.Append("  File \"").Append(inputPath).Append("\", line ").Append(line).Append('\n');
            }
            else
            {
                sb.Append("  File \"").Append(sourceName).Append("\", line ").Append(line).Append(", in ").Append(error.ScopeName).Append('\n');
            }
        }

        sb.Append(error.TypeName).Append(": ").Append(error.Message).Append('\n');
        return sb.ToString();
    }
}
