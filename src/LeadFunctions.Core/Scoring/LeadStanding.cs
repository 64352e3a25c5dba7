using LeadFunctions.Leads;

namespace LeadFunctions.Scoring;

/// <summary>Where a lead stood before this scoring: its stage and how it got there.</summary>
public sealed record LeadStanding(LeadStage Stage, IReadOnlyList<StageChange> History)
{
    /// <summary>A lead never scored before.</summary>
    public static LeadStanding New { get; } = new(LeadStage.Lead, []);
}
