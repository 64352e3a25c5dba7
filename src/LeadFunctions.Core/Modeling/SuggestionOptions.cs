namespace LeadFunctions.Modeling;

/// <summary>The caller's choices for a points suggestion; the defaults suit most teams.</summary>
public sealed record SuggestionOptions
{
    public const double MaxHoldout = 0.5;
    public const double MinLambda = 0.001;
    public const double MaxLambda = 1_000;
    public const double DefaultSqlShare = 0.25;
    public const int MinMinSupport = 5;
    public const int MaxMinSupport = 50_000;

    /// <summary>The requirements <see cref="Keep"/> may name.</summary>
    public static IReadOnlyList<string> Requirements { get; } = [ThresholdFit.RequireBant, ThresholdFit.HighIntent];

    /// <summary>The share of leads held out of the fit to measure its AUC on (0 to 0.5), chosen by a hash of the lead id.</summary>
    public double Holdout { get; init; } = 0.2;

    /// <summary>The L2 penalty on the weights (0.001 to 1,000): more pulls every weight towards 0.</summary>
    public double Lambda { get; init; } = 1.0;

    /// <summary>At most this share of leads with an outcome at SQL (0 to 1, exclusive); 0.25 unless a recall is asked for.</summary>
    public double? SqlShare { get; init; }

    /// <summary>Instead of a share: the smallest SQL band that catches this share of won leads (0 to 1, exclusive).</summary>
    public double? SqlRecall { get; init; }

    /// <summary>At most this share of leads with an outcome at MQL or above (0 to 1, exclusive).</summary>
    public double MqlShare { get; init; } = 0.5;

    /// <summary>SQL requirements never relaxed, even when the data cannot satisfy them: <c>requireBant</c>, <c>highIntent</c>.</summary>
    public IReadOnlyList<string> Keep { get; init; } = [];

    /// <summary>Find new rules in the captured fields and events (true by default).</summary>
    public bool Discover { get; init; } = true;

    /// <summary>Leads with an outcome a discovered rule needs at least (5 to 50,000; 30 by default).</summary>
    public int MinSupport { get; init; } = 30;

    /// <summary>The SQL share aimed at: <see cref="SqlShare"/>, or 0.25 when neither a share nor a recall is given.</summary>
    public double? SqlShareTarget => SqlRecall is null ? SqlShare ?? DefaultSqlShare : null;
}
