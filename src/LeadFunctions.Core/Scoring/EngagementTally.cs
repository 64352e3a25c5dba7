namespace LeadFunctions.Scoring;

/// <summary>
/// What counting a lead's events found: the engagement score, what qualification and decay review need, and each
/// counted event's contribution for the breakdown.
/// </summary>
internal sealed class EngagementTally(int eventCount)
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

    /// <summary>The events a rule matched, in chronological order (the first <see cref="ContributionCount"/>).</summary>
    public EventContribution[] Contributions { get; } = eventCount == 0 ? [] : new EventContribution[eventCount];

    public int ContributionCount { get; private set; }

    /// <summary>Per contribution (same index), the note of an event clamped to the scoring time; null while none was.</summary>
    public string?[]? ClampNotes { get; private set; }

    public void Add(in EventContribution contribution, string? clampNote)
    {
        if (clampNote is not null)
        {
            ClampNotes ??= new string?[Contributions.Length];
            ClampNotes[ContributionCount] = clampNote;
        }

        Contributions[ContributionCount++] = contribution;
    }
}
