using System.Text.Json;
using LeadFunctions.Modeling;
using LeadFunctions.Scoring;

namespace LeadFunctions.Http.Models;

/// <summary>
/// The answer of <c>POST /api/models/suggestions</c>. <see cref="Candidate"/> is the model document exactly as
/// <see cref="ScoringModel.Write"/> writes it, so it can be posted unchanged to the backtest or saved as the model file.
/// </summary>
public sealed record SuggestionResponse(
    JsonElement Candidate,
    IReadOnlyList<RuleSuggestion> Rules,
    IReadOnlyList<DiscoveredRule> Discovered,
    ThresholdSuggestion Thresholds,
    SuggestionFit Fit,
    IReadOnlyList<string> Warnings)
{
    public static SuggestionResponse From(PointsSuggestion suggestion)
    {
        ArgumentNullException.ThrowIfNull(suggestion);
        using var candidate = JsonDocument.Parse(ScoringModel.Write(suggestion.Candidate));
        return new SuggestionResponse(
            candidate.RootElement.Clone(),
            suggestion.Rules,
            suggestion.Discovered,
            suggestion.Thresholds,
            suggestion.Fit,
            suggestion.Warnings);
    }
}
