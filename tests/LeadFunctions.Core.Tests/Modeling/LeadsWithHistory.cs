using LeadFunctions.Leads;
using LeadFunctions.Testing.Leads;

namespace LeadFunctions.Core.Tests.Modeling;

/// <summary>Leads as the store holds them once sales recorded their outcome: a stored score at the outcome's stage.</summary>
internal static class LeadsWithHistory
{
    public static Lead Create(string leadId, LeadProfile profile, DateTimeOffset createdAt, params StageChange[] history) => new()
    {
        LeadId = leadId,
        Profile = profile,
        CreatedAt = createdAt,
        UpdatedAt = history.Length == 0 ? createdAt : history[^1].At,
        Score = HistoryScores.With(history, "D", createdAt),
    };
}
