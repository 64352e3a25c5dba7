using LeadFunctions.Engagement;
using LeadFunctions.Leads;

namespace LeadFunctions.Testing.Modeling;

/// <summary>A generated lead with its attribution, recorded outcome (decided at <see cref="OutcomeAt"/>) and events.</summary>
public sealed record PlantedLead(
    string LeadId,
    LeadProfile Profile,
    LeadAttribution Attribution,
    LeadStage Outcome,
    DateTimeOffset OutcomeAt,
    IReadOnlyList<EngagementEvent> Events);
