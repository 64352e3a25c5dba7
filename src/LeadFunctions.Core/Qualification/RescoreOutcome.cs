namespace LeadFunctions.Qualification;

/// <summary>What one rescore of a lead did.</summary>
public enum RescoreOutcome
{
    Rescored = 0,
    Unchanged = 1,
    HandedOff = 2,
    LeadNotFound = 3,

    /// <summary>A decay review row that no longer matched its lead; the row was removed and the lead left as it was.</summary>
    StaleReview = 4,
}
