using LeadFunctions.Leads;
using LeadFunctions.Scoring;

namespace LeadFunctions.Http.Leads;

/// <summary>
/// The API's view of a lead (GET /api/leads/{leadId}): profile, scores, stage and outcome (won or lost), and the stage
/// history with every move the scores and sales made (sales moves carry the action, actor, reason and note): the newest
/// in full, older ones compacted into counts per transition; the events machines made that the scores ignored, counted per
/// type, rule and reason ("3 clicks ignored: clicked within 10 s of delivery (mail scanner)"), and the newest of them.
/// </summary>
public sealed record LeadResponse(
    string LeadId,
    LeadProfile Profile,
    LeadAttribution Attribution,
    decimal FitScore,
    decimal EngagementScore,
    decimal TotalScore,
    string? Grade,
    LeadStage Stage,
    LeadOutcome? Outcome,
    bool IsPql,
    BantStatus? Bant,
    IReadOnlyList<StageChange> StageHistory,
    IReadOnlyList<StageTransitionCount> CompactedStageHistory,
    IReadOnlyList<RuleContribution> Breakdown,
    IReadOnlyList<ScoreContribution> RecentEvents,
    IReadOnlyList<IgnoredEventGroup> IgnoredEvents,
    IReadOnlyList<IgnoredEvent> RecentIgnoredEvents,
    int EventCount,
    string? ModelVersion,
    DateTimeOffset? ScoredAt,
    DateTimeOffset? DecayReviewDueAt,
    DateTimeOffset? SalesNotifiedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static LeadResponse From(Lead lead)
    {
        ArgumentNullException.ThrowIfNull(lead);
        var score = lead.Score;
        return new LeadResponse(
            lead.LeadId,
            lead.Profile,
            lead.Attribution,
            score?.FitScore ?? 0,
            score?.EngagementScore ?? 0,
            (score?.FitScore ?? 0) + (score?.EngagementScore ?? 0),
            score?.Grade,
            lead.Stage,
            LeadOutcome.Of(lead),
            score?.IsPql ?? false,
            score?.Bant,
            score?.StageHistory ?? [],
            score?.CompactedHistory ?? [],
            score?.Breakdown ?? [],
            score?.RecentEvents ?? [],
            score?.IgnoredEvents ?? [],
            score?.RecentIgnoredEvents ?? [],
            score?.EventCount ?? 0,
            score?.ModelVersion,
            score?.ScoredAt,
            score?.DecayReviewDueAt,
            lead.SalesNotifiedAt,
            lead.CreatedAt,
            lead.UpdatedAt);
    }
}
