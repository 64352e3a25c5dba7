namespace LeadFunctions.Modeling;

/// <summary>A points suggestion, or why the outcomes cannot support one (too few, or only one kind).</summary>
public sealed record SuggestionResult(PointsSuggestion? Suggestion, string? Refusal)
{
    public static SuggestionResult Refused(string reason) => new(null, reason);
}
