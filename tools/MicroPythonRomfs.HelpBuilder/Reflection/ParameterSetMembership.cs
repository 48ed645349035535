namespace MicroPythonRomfs.HelpBuilder.Reflection;

/// <summary>One <c>[Parameter]</c> attribute on a cmdlet property: how it binds in one parameter set.</summary>
/// <param name="SetName">The set, or <c>__AllParameterSets</c>.</param>
/// <param name="Mandatory">Whether the parameter is mandatory in the set.</param>
/// <param name="Position">The 0-based position, or <see langword="null"/> when named.</param>
/// <param name="FromPipeline">Whether it binds the pipeline object by value.</param>
/// <param name="FromPipelineByPropertyName">Whether it binds a pipeline object's property of the same name or alias.</param>
public sealed record ParameterSetMembership(string SetName, bool Mandatory, int? Position, bool FromPipeline, bool FromPipelineByPropertyName)
{
    /// <summary>The pipeline input as PlatyPS writes it: <c>False</c> or <c>True (ByValue, ByPropertyName)</c>.</summary>
    public string PipelineInput
    {
        get
        {
            var ways = new List<string>();
            if (FromPipeline)
            {
                ways.Add("ByValue");
            }

            if (FromPipelineByPropertyName)
            {
                ways.Add("ByPropertyName");
            }

            return ways.Count == 0 ? "False" : $"True ({string.Join(", ", ways)})";
        }
    }

    /// <summary>The position as PlatyPS writes it: the number, or <c>Named</c>.</summary>
    public string PositionText => Position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "Named";
}
