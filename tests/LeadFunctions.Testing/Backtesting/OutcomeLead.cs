using LeadFunctions.Engagement;
using LeadFunctions.Leads;

namespace LeadFunctions.Testing.Backtesting;

/// <summary>A lead to seed with its recorded outcome, decided at <see cref="OutcomeAt"/>, and its events.</summary>
public sealed record OutcomeLead(
    string LeadId, LeadProfile Profile, LeadStage Outcome, DateTimeOffset OutcomeAt, IReadOnlyList<EngagementEvent> Events);
