using LeadFunctions.Modeling;

namespace LeadFunctions.Suggestions;

/// <summary>
/// One page of a job as stored: the evidence of each lead with an outcome it read (what the fit and rule discovery
/// need, <see cref="ScoredOutcome"/>), how many it left out, where the next page starts (null after the last) and
/// whether its message was sent.
/// </summary>
public sealed record SuggestionPage(
    string JobId,
    string Attempt,
    int Number,
    IReadOnlyList<ScoredOutcome> Evidence,
    int Skipped,
    OutcomeCursor? Next,
    long LeadsThrough,
    bool NextEnqueued);
