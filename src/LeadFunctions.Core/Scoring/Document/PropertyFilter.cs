using System.Text.Json.Serialization;

namespace LeadFunctions.Scoring;

/// <summary>A condition on one event property; exactly one of Equals / Contains / StartsWith is set.</summary>
public sealed record PropertyFilter
{
    public required string Property { get; init; }

    [JsonPropertyName("equals")]
    public string? EqualTo { get; init; }

    public string? Contains { get; init; }

    public string? StartsWith { get; init; }

    public bool Matches(string? value)
    {
        if (value is null)
        {
            return false;
        }

        if (EqualTo is not null)
        {
            return string.Equals(value, EqualTo, StringComparison.OrdinalIgnoreCase);
        }

        if (Contains is not null)
        {
            return value.Contains(Contains, StringComparison.OrdinalIgnoreCase);
        }

        return StartsWith is not null && value.StartsWith(StartsWith, StringComparison.OrdinalIgnoreCase);
    }
}
