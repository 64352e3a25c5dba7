namespace LeadFunctions.Leads;

/// <summary>One row of the decay-review index: the lead and the exact time its review was due when the row was written.</summary>
public sealed record DecayReview(string LeadId, DateTimeOffset DueAt)
{
    /// <summary>True when <paramref name="lead"/> still has this review (same exact time); otherwise the row is stale.</summary>
    public bool IsCurrentFor(Lead lead)
    {
        ArgumentNullException.ThrowIfNull(lead);
        return lead.Score?.DecayReviewDueAt?.UtcTicks == DueAt.UtcTicks;
    }
}
