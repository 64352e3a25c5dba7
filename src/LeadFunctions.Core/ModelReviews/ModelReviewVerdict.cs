namespace LeadFunctions.ModelReviews;

/// <summary>What a weekly review found (<see cref="ModelReviewDecision"/> states the rules).</summary>
public enum ModelReviewVerdict
{
    /// <summary>Too few outcomes in the window to judge the model: recorded, no email.</summary>
    TooFewOutcomes = 0,

    /// <summary>Neither drift nor a better candidate: recorded, no email.</summary>
    Steady = 1,

    /// <summary>The live AUC fell by the drift margin or more since the backtest it was published on: an email.</summary>
    Drift = 2,

    /// <summary>The suggested candidate beats live by the candidate margin or more: an email.</summary>
    BetterCandidate = 3,

    /// <summary>Both: an email.</summary>
    DriftAndBetterCandidate = 4,
}
