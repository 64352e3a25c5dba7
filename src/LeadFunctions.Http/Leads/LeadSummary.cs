using LeadFunctions.Leads;

namespace LeadFunctions.Http.Leads;

/// <summary>One lead in a list: enough for a sales view, without the explanation.</summary>
public sealed record LeadSummary(
    string LeadId,
    string? Company,
    string? JobTitle,
    decimal FitScore,
    decimal EngagementScore,
    string? Grade,
    LeadStage Stage,
    bool IsPql,
    DateTimeOffset? ScoredAt)
{
    public static LeadSummary From(Lead lead)
    {
        ArgumentNullException.ThrowIfNull(lead);
        return new LeadSummary(
            lead.LeadId,
            lead.Profile.Company,
            lead.Profile.JobTitle,
            lead.Score?.FitScore ?? 0,
            lead.Score?.EngagementScore ?? 0,
            lead.Score?.Grade,
            lead.Stage,
            lead.Score?.IsPql ?? false,
            lead.Score?.ScoredAt);
    }
}
