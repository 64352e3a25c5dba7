namespace LeadFunctions.ModelReviews;

/// <summary>
/// One weekly review of the live model: its AUC on the outcomes recorded in the window, beside the AUC of the backtest
/// it was published on and a points suggestion fitted to the same outcomes, what the review found, and its email (an
/// outbox entry, when the finding needs one). Stored once per <see cref="ReviewId"/>; only its email changes afterwards.
/// </summary>
public sealed record ModelReview
{
    /// <summary>The ISO week the review belongs to (<c>2026-W23</c>, <see cref="ModelReviewId"/>): one review per week.</summary>
    public required string ReviewId { get; init; }

    /// <summary>When the review ran: the window ends here.</summary>
    public required DateTimeOffset ReviewedAt { get; init; }

    /// <summary>The live version the review judged.</summary>
    public required string LiveVersion { get; init; }

    /// <summary>The window's length in days (<c>Models__ReviewWindowDays</c>): outcomes recorded since ReviewedAt minus it count.</summary>
    public required int WindowDays { get; init; }

    /// <summary>Leads whose outcome was recorded in the window and could be scored.</summary>
    public required int Outcomes { get; init; }

    /// <summary>Of <see cref="Outcomes"/>, the leads won.</summary>
    public required int Won { get; init; }

    /// <summary>The live model's AUC at outcome time on the window's outcomes; null without both won and other leads.</summary>
    public double? LiveAuc { get; init; }

    /// <summary>The backtest the live version was published on; null when it was published without one (the seed, forced).</summary>
    public string? PublishedBacktestId { get; init; }

    /// <summary>The AUC at outcome time of the live version in that backtest (as the candidate); null when there is none.</summary>
    public double? PublishedAuc { get; init; }

    /// <summary>The suggested candidate's AUC on the leads held out of its fit; null when no suggestion could be made.</summary>
    public double? CandidateAuc { get; init; }

    /// <summary>The live model's AUC on the same held-out leads: what <see cref="CandidateAuc"/> is compared with.</summary>
    public double? CandidateLiveAuc { get; init; }

    /// <summary>How many leads were held out of the candidate's fit; null when no suggestion could be made.</summary>
    public int? CandidateHeldOut { get; init; }

    public required ModelReviewVerdict Verdict { get; init; }

    /// <summary>What the figures could not say, in words a reader acts on (no backtest, a refused suggestion); may be empty.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The review's email; null when the verdict needs none.</summary>
    public ModelReviewEmail? Email { get; init; }

    public string? ETag { get; init; }

    /// <summary>How far the live AUC fell below the published backtest's (positive: it fell); null without both.</summary>
    public double? AucDrop => LiveAuc is { } live && PublishedAuc is { } published ? published - live : null;

    /// <summary>How far the candidate's held-out AUC is above live's on the same leads; null without both.</summary>
    public double? CandidateGain => CandidateAuc is { } candidate && CandidateLiveAuc is { } live ? candidate - live : null;
}
