namespace LeadFunctions.Modeling;

/// <summary>The caller's choices for a points suggestion; the defaults suit most teams.</summary>
public sealed record SuggestionOptions
{
    public const double MaxHoldout = 0.5;
    public const double MinLambda = 0.001;
    public const double MaxLambda = 1_000;

    /// <summary>The share of leads held out of the fit to measure its AUC on (0 to 0.5), chosen by a hash of the lead id.</summary>
    public double Holdout { get; init; } = 0.2;

    /// <summary>The L2 penalty on the weights (0.001 to 1,000): more pulls every weight towards 0.</summary>
    public double Lambda { get; init; } = 1.0;
}
