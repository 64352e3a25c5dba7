using LeadFunctions.Leads;
using LeadFunctions.Testing.Leads;

namespace LeadFunctions.Core.Tests.Reporting;

/// <summary>Leads at a point of their journey, for the funnel's tests: a creation time, attribution, a stage history.</summary>
internal static class FunnelLeads
{
    /// <summary>A Thursday.</summary>
    public static readonly DateTimeOffset Created = new(2026, 11, 19, 10, 0, 0, TimeSpan.Zero);

    public static Lead New(
        string leadId = "0123456789abcdef0123456789abcdef",
        string? source = "newsletter",
        string? campaign = "winter") => new()
    {
        LeadId = leadId,
        Profile = new LeadProfile { Email = "funnel@example.org" },
        Attribution = new LeadAttribution { UtmSource = source, UtmCampaign = campaign },
        CreatedAt = Created,
        UpdatedAt = Created,
    };

    /// <summary>The lead scored with <paramref name="history"/> (its stage is the last move's).</summary>
    public static Lead Scored(Lead lead, string grade, params StageChange[] history) =>
        lead with { Score = HistoryScores.With(history, grade, Created) };

    public static StageChange Move(LeadStage from, LeadStage to, DateTimeOffset at) => new(from, to, at, "test");
}
