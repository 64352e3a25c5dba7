using LeadFunctions.Engagement;

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

    /// <summary>The events a machine made, in chronological order: left out of the score; null while there were none.</summary>
    public List<IgnoredEvent>? Ignored { get; private set; }

    /// <summary>The events a rule matched, in chronological order (the first <see cref="ContributionCount"/>).</summary>
    public EventContribution[] Contributions { get; } = eventCount == 0 ? [] : new EventContribution[eventCount];

    public int ContributionCount { get; private set; }

    /// <summary>Per contribution (same index), the note of an event clamped to the scoring time; null while none was.</summary>
    public string?[]? ClampNotes { get; private set; }

    /// <summary>Leaves a machine's event out of the score, noting which rule said so.</summary>
    public void Ignore(EngagementEvent engagementEvent, MachineVerdict verdict) =>
        (Ignored ??= []).Add(new IgnoredEvent(
            engagementEvent.EventId, engagementEvent.Type, engagementEvent.OccurredAt, verdict.RuleId!, verdict.Reason!));

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
