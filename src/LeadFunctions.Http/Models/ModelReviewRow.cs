namespace LeadFunctions.Http.Models;

/// <summary>
/// One weekly review of the live model as the models page lists it (issue 20 item 4): when it ran, the version it
/// judged, on how many outcomes, the live model's AUC on them against the AUC of the backtest it was published on, the
/// best candidate's AUC, what the review found in words, and whether it emailed the team. Null figures show as n/a.
/// </summary>
public sealed record ModelReviewRow(
    DateTimeOffset ReviewedAt,
    string LiveVersion,
    long Outcomes,
    double? LiveAuc,
    double? PublishedAuc,
    double? CandidateAuc,
    string Finding,
    bool Emailed);
