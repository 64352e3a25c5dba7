namespace LeadFunctions.Leads;

/// <summary>What the stages mean for the rules that move leads between them.</summary>
public static class LeadStages
{
    /// <summary>Every stage, in funnel order, then the detours.</summary>
    public static IReadOnlyList<LeadStage> All { get; } =
        [
            LeadStage.Lead, LeadStage.MQL, LeadStage.SQL, LeadStage.SAL,
            LeadStage.Won, LeadStage.Lost, LeadStage.Recycled, LeadStage.Disqualified,
        ];

    /// <summary>A stage sales set that the scores never leave: SAL, Won, Lost, Disqualified.</summary>
    public static bool IsHeldBySales(this LeadStage stage) =>
        stage is LeadStage.SAL or LeadStage.Won or LeadStage.Lost or LeadStage.Disqualified;

    /// <summary>An outcome sales recorded, what models are judged and fitted on: Won (the positive), Lost, Disqualified.</summary>
    public static bool IsOutcome(this LeadStage stage) => stage is LeadStage.Won or LeadStage.Lost or LeadStage.Disqualified;

    /// <summary>Being nurtured by marketing: a lead, or one that sales recycled.</summary>
    public static bool IsNurture(this LeadStage stage) => stage is LeadStage.Lead or LeadStage.Recycled;
}
