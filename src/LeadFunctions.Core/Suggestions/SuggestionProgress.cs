using LeadFunctions.Leads;

namespace LeadFunctions.Suggestions;

/// <summary>How far a job got: pages read, leads with an outcome read, leads left out, and the outcome stage being read.</summary>
public sealed record SuggestionProgress(int Pages, long Leads, long Skipped, LeadStage? Stage)
{
    public static SuggestionProgress None { get; } = new(0, 0, 0, null);
}
