namespace LeadFunctions.Modeling;

/// <summary>What a points suggestion was fitted on and how well it ranks leads it did not see.</summary>
public sealed record SuggestionFit
{
    /// <summary>AUC of the fitted log-odds on the held-out leads; null when they lack won or not-won leads.</summary>
    public double? Auc { get; init; }

    /// <summary>
    /// AUC of the candidate's total score (its whole points, discovered rules included, within the score limits) on the
    /// held-out leads, estimated from the activations: what the candidate ranks with.
    /// </summary>
    public double? CandidateAuc { get; init; }

    /// <summary>AUC of the live model's total score on the same held-out leads, to compare with.</summary>
    public double? LiveAuc { get; init; }

    /// <summary>Leads used that were won (training and held out).</summary>
    public required int Won { get; init; }

    /// <summary>Leads used that were lost or disqualified (training and held out).</summary>
    public required int NotWon { get; init; }

    /// <summary>Of those, the leads held out of the fit to measure the AUC on.</summary>
    public required int HeldOut { get; init; }

    public required double Holdout { get; init; }

    public required double Lambda { get; init; }

    /// <summary>Candidate rules discovery fitted beside the live rules (before keeping the confident ones).</summary>
    public int DiscoveryCandidates { get; init; }

    /// <summary>Points per unit of log-odds: the factor from weights to points.</summary>
    public required double Scale { get; init; }

    /// <summary>The fitted log-odds of a lead no rule touched (not part of any rule's points).</summary>
    public required double Intercept { get; init; }

    public required int Iterations { get; init; }

    public required bool Converged { get; init; }
}
