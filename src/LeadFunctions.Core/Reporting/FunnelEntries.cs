using System.Globalization;
using LeadFunctions.Leads;

namespace LeadFunctions.Reporting;

/// <summary>
/// What a save adds to the funnel, derived from the lead as it was read and as it is saved: one pure function both lead
/// stores call, so every store counts the same facts. A lead counts once per stage, at its first entry into it (a lead
/// that goes MQL → Lead → MQL entered MQL once: the funnel counts leads, as HubSpot's does); its entry into Lead is its
/// first score, dated at its creation. Durations run from the first entry into the stage before on the path
/// Lead → MQL → SQL → SAL → Won, in whole days.
/// </summary>
public static class FunnelEntries
{
    /// <summary>The group of leads without a source, campaign or grade.</summary>
    public const string NoGroup = "(none)";

    /// <summary>
    /// Longer group values are cut (a campaign name is a label, not a document). Capture cuts sources and campaigns to
    /// this length already, marking them cut (<see cref="LeadAttribution.CutGroupValue"/>); this cut is for leads
    /// captured before it did.
    /// </summary>
    public const int MaxGroupLength = LeadAttribution.MaxGroupValueLength;

    /// <summary>The funnel's path: next-step and cumulative conversion follow it.</summary>
    public static IReadOnlyList<LeadStage> Path { get; } = [LeadStage.Lead, LeadStage.MQL, LeadStage.SQL, LeadStage.SAL, LeadStage.Won];

    /// <summary>
    /// The funnel entries <paramref name="after"/> holds that <paramref name="before"/> did not: none when the save moves
    /// the lead into no stage it never was in. The stages of compacted changes count as entered; changes recorded as
    /// history only never do.
    /// </summary>
    public static IReadOnlyList<FunnelEntry> Between(Lead before, Lead after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (after.Score is not { } score)
        {
            return [];
        }

        var entered = new HashSet<LeadStage> { LeadStage.Lead };
        foreach (var change in before.Score?.StageHistory ?? [])
        {
            if (change.IsMove)
            {
                entered.Add(change.To);
            }
        }

        foreach (var compacted in before.Score?.CompactedHistory ?? [])
        {
            if (!compacted.RecordedAsHistory)
            {
                entered.Add(compacted.To);
            }
        }

        var entries = new List<FunnelEntry>();
        if (before.Score is null)
        {
            entries.Add(Entry(after, LeadStage.Lead, after.CreatedAt, null));
        }

        foreach (var change in score.StageHistory)
        {
            // An outcome recorded as history only never moved the lead: no stage entry.
            if (change.IsMove && entered.Add(change.To))
            {
                entries.Add(Entry(after, change.To, change.At, PreviousEntry(after, change.To)));
            }
        }

        entries.AddRange(MachineEvents(after.LeadId, before.Score, score));
        return entries;
    }

    /// <summary>
    /// The events machines made that <paramref name="after"/> leaves out and <paramref name="before"/> did not, per rule:
    /// counted on the day of the score that found them (a rescore follows an event's arrival within seconds). A settings
    /// change that reclassifies events counts those it newly leaves out on the day of the rescore that does.
    /// </summary>
    private static IEnumerable<FunnelEntry> MachineEvents(string leadId, StoredScore? before, StoredScore after)
    {
        if (after.IgnoredEvents.Count == 0)
        {
            yield break;
        }

        var day = FunnelCounter.DayOf(after.ScoredAt);
        foreach (var rule in after.IgnoredEvents.Select(group => group.RuleId).Distinct(StringComparer.Ordinal))
        {
            var added = after.IgnoredBy(rule) - (before?.IgnoredBy(rule) ?? 0);
            if (added > 0)
            {
                var key = "machine|" + rule + "|" + after.ScoredAt.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
                yield return new FunnelEntry(leadId, key, [new FunnelCounter(FunnelCounterKind.MachineEvents, day, null, rule)], added);
            }
        }
    }

    /// <summary>The SLA of a hand-off ran out unanswered: counted on the day its reminder became due, once per hand-off.</summary>
    public static FunnelEntry SlaOverdue(SalesHandoff handoff)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        var due = handoff.Reminder?.DueAt ?? throw new ArgumentException("The hand-off has no reminder.", nameof(handoff));
        FunnelCounter[] counters = [new(FunnelCounterKind.SlaOverdue, FunnelCounter.DayOf(due))];
        return new FunnelEntry(handoff.LeadId, "sla|" + handoff.HandoffId, counters);
    }

    /// <summary>A group value as counted: trimmed, cut to <see cref="MaxGroupLength"/>, <see cref="NoGroup"/> when empty.</summary>
    public static string GroupOf(string? value)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) ? NoGroup : trimmed.Length > MaxGroupLength ? trimmed[..MaxGroupLength] : trimmed;
    }

    private static FunnelEntry Entry(Lead lead, LeadStage stage, DateTimeOffset at, DateTimeOffset? previous)
    {
        var day = FunnelCounter.DayOf(at);
        var created = FunnelCounter.DayOf(lead.CreatedAt);
        var counters = new List<FunnelCounter>
        {
            new(FunnelCounterKind.Stage, day, stage),
            new(FunnelCounterKind.Source, day, stage, GroupOf(lead.Attribution.UtmSource)),
            new(FunnelCounterKind.Campaign, day, stage, GroupOf(lead.Attribution.UtmCampaign)),
            new(FunnelCounterKind.Grade, day, stage, GroupOf(lead.Score?.Grade)),
            new(FunnelCounterKind.CohortWeek, FunnelCounter.WeekOf(created), stage),
            new(FunnelCounterKind.CohortMonth, FunnelCounter.MonthOf(created), stage),
        };
        if (previous is { } since && since <= at)
        {
            var days = (int)Math.Floor((at - since).TotalDays);
            counters.Add(new FunnelCounter(FunnelCounterKind.Days, day, stage, days.ToString(CultureInfo.InvariantCulture)));
        }

        var key = stage.ToString() + "|" + at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
        return new FunnelEntry(lead.LeadId, key, counters);
    }

    /// <summary>When the lead first entered the stage before <paramref name="stage"/> on the path; null off the path.</summary>
    private static DateTimeOffset? PreviousEntry(Lead lead, LeadStage stage)
    {
        LeadStage? previous = stage switch
        {
            LeadStage.MQL => LeadStage.Lead,
            LeadStage.SQL => LeadStage.MQL,
            LeadStage.SAL => LeadStage.SQL,
            LeadStage.Won => LeadStage.SAL,
            _ => null,
        };
        if (previous is not { } before)
        {
            return null;
        }

        if (before == LeadStage.Lead)
        {
            return lead.CreatedAt;
        }

        // The first entry: the earliest of the compacted moves into the stage and the first kept in full.
        var score = lead.Score!;
        var kept = score.StageHistory.FirstOrDefault(change => change.IsMove && change.To == before)?.At;
        var compacted = score.CompactedHistory.Where(count => !count.RecordedAsHistory && count.To == before)
            .Select(count => (DateTimeOffset?)count.FirstAt)
            .Min();
        return compacted is { } first && (kept is null || first < kept) ? first : kept;
    }
}
