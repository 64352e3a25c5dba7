namespace LeadFunctions.Benchmarks.Baseline;

/// <summary>What counting a lead's events found: the engagement score and what qualification and decay review need.</summary>
internal sealed class BaselineEngagementTally
{
    public decimal Score { get; set; }

    public decimal ProductPoints { get; set; }

    public decimal DecayingPoints { get; set; }

    public TimeSpan? ShortestHalfLife { get; set; }

    public DateTimeOffset? LatestHighIntent { get; set; }

    public int Counted { get; set; }

    public int Duplicates { get; set; }

    public int Unknown { get; set; }

    public int Clamped { get; set; }
}
