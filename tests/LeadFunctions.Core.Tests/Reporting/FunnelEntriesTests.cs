using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Reporting;
using static LeadFunctions.Core.Tests.Reporting.FunnelLeads;

namespace LeadFunctions.Core.Tests.Reporting;

public sealed class FunnelEntriesTests
{
    private static readonly DateTimeOffset Qualified = Created.AddDays(3).AddHours(20);

    [Fact]
    public void A_first_score_enters_Lead_at_creation_and_every_stage_it_passes_through_once()
    {
        var lead = New();
        var scored = Scored(lead, "B", Move(LeadStage.Lead, LeadStage.MQL, Qualified), Move(LeadStage.MQL, LeadStage.SQL, Qualified));

        var entries = FunnelEntries.Between(lead, scored);

        Assert.Equal(
            [$"Lead|{Created.UtcTicks:D19}", $"MQL|{Qualified.UtcTicks:D19}", $"SQL|{Qualified.UtcTicks:D19}"],
            entries.Select(entry => entry.Key));
        Assert.All(entries, entry => Assert.Equal(lead.LeadId, entry.LeadId));
        Assert.Equal(["3"], Durations(entries[1]));
        Assert.Equal(["0"], Durations(entries[2]));
        Assert.Empty(Durations(entries[0]));
    }

    [Fact]
    public void A_save_that_moves_the_lead_into_no_stage_it_never_entered_adds_nothing()
    {
        var mql = Scored(New(), "B", Move(LeadStage.Lead, LeadStage.MQL, Qualified));
        var back = Scored(New(), "B", [.. mql.Score!.StageHistory, Move(LeadStage.MQL, LeadStage.Lead, Qualified.AddDays(30))]);
        var again = Scored(New(), "B", [.. back.Score!.StageHistory, Move(LeadStage.Lead, LeadStage.MQL, Qualified.AddDays(40))]);

        Assert.Empty(FunnelEntries.Between(mql, mql));
        Assert.Empty(FunnelEntries.Between(mql, back));
        Assert.Empty(FunnelEntries.Between(back, again));
        Assert.Empty(FunnelEntries.Between(New(), New()));
    }

    [Fact]
    public void An_outcome_recorded_as_history_only_enters_no_stage()
    {
        var won = Scored(New(), "B", Move(LeadStage.Lead, LeadStage.MQL, Qualified), Move(LeadStage.MQL, LeadStage.Won, Qualified.AddDays(9)));
        var olderLost = Move(LeadStage.Won, LeadStage.Lost, Qualified.AddDays(1)) with { RecordedAsHistory = true };
        var withHistory = Scored(New(), "B", [.. won.Score!.StageHistory, olderLost]);
        var lostLater = Scored(New(), "B", [.. withHistory.Score!.StageHistory, Move(LeadStage.Won, LeadStage.Lost, Qualified.AddDays(20))]);

        Assert.Empty(FunnelEntries.Between(won, withHistory));
        Assert.Equal([$"Lost|{Qualified.AddDays(20).UtcTicks:D19}"], FunnelEntries.Between(withHistory, lostLater).Select(entry => entry.Key));
    }

    [Fact]
    public void The_same_change_always_gives_the_same_key_so_stores_can_count_it_once()
    {
        var before = Scored(New(), "A", Move(LeadStage.Lead, LeadStage.MQL, Qualified));
        var after = Scored(New(), "A", [.. before.Score!.StageHistory, Move(LeadStage.MQL, LeadStage.SQL, Qualified.AddDays(1))]);

        var first = Assert.Single(FunnelEntries.Between(before, after));
        var second = Assert.Single(FunnelEntries.Between(before, after));

        Assert.Equal(first.Key, second.Key);
        Assert.Equal(first.Counters, second.Counters);
    }

    [Fact]
    public void An_entry_counts_for_its_day_source_campaign_grade_and_the_leads_creation_week_and_month()
    {
        var lead = New(source: "  ", campaign: "=HYPERLINK(\"http://x\")" + new string('x', 200));
        var entry = Assert.Single(FunnelEntries.Between(
            Scored(lead, "B"),
            Scored(lead, "A", Move(LeadStage.Lead, LeadStage.MQL, Qualified))));

        var day = new DateOnly(2026, 11, 23);
        Assert.Contains(new FunnelCounter(FunnelCounterKind.Stage, day, LeadStage.MQL), entry.Counters);
        Assert.Contains(new FunnelCounter(FunnelCounterKind.Source, day, LeadStage.MQL, FunnelEntries.NoGroup), entry.Counters);
        Assert.Contains(new FunnelCounter(FunnelCounterKind.Grade, day, LeadStage.MQL, "A"), entry.Counters);
        var campaign = Assert.Single(entry.Counters, counter => counter.Kind == FunnelCounterKind.Campaign);
        Assert.Equal(FunnelEntries.MaxGroupLength, campaign.Group!.Length);
        Assert.StartsWith("=HYPERLINK(", campaign.Group, StringComparison.Ordinal);
        Assert.Contains(new FunnelCounter(FunnelCounterKind.CohortWeek, new DateOnly(2026, 11, 16), LeadStage.MQL), entry.Counters);
        Assert.Contains(new FunnelCounter(FunnelCounterKind.CohortMonth, new DateOnly(2026, 11, 1), LeadStage.MQL), entry.Counters);
    }

    [Fact]
    public void Durations_run_from_the_first_entry_into_the_stage_before_in_whole_days_and_only_along_the_path()
    {
        var sql = Created.AddDays(10);
        var before = Scored(New(), "A", Move(LeadStage.Lead, LeadStage.MQL, Qualified), Move(LeadStage.MQL, LeadStage.SQL, sql));
        var after = Scored(
            New(),
            "A",
            [
                .. before.Score!.StageHistory,
                Move(LeadStage.SQL, LeadStage.SAL, sql.AddDays(2.9)),
                Move(LeadStage.SAL, LeadStage.Lost, sql.AddDays(9)),
            ]);

        var entries = FunnelEntries.Between(before, after);

        Assert.Equal([LeadStage.SAL, LeadStage.Lost], entries.Select(entry => entry.Counters[0].Stage!.Value));
        Assert.Equal(["2"], Durations(entries[0]));
        Assert.Empty(Durations(entries[1]));
    }

    [Fact]
    public void A_won_lead_that_skipped_SAL_has_no_SAL_to_Won_duration()
    {
        var before = Scored(New(), "A", Move(LeadStage.Lead, LeadStage.MQL, Qualified));
        var after = Scored(New(), "A", [.. before.Score!.StageHistory, Move(LeadStage.MQL, LeadStage.Won, Qualified.AddDays(5))]);

        var entry = Assert.Single(FunnelEntries.Between(before, after));

        Assert.Equal(LeadStage.Won, entry.Counters[0].Stage);
        Assert.Empty(Durations(entry));
    }

    [Fact]
    public void An_overdue_SLA_counts_once_per_hand_off_on_the_day_its_reminder_became_due()
    {
        var handoff = new SalesHandoff
        {
            HandoffId = SalesHandoff.IdFor(Qualified),
            LeadId = New().LeadId,
            QualifiedAt = Qualified,
            Reminder = new HandoffReminder { DueAt = Qualified.AddHours(24) },
        };

        var entry = FunnelEntries.SlaOverdue(handoff);

        Assert.Equal("sla|" + handoff.HandoffId, entry.Key);
        Assert.Equal([new FunnelCounter(FunnelCounterKind.SlaOverdue, new DateOnly(2026, 11, 24))], entry.Counters);
        Assert.Throws<ArgumentException>(() => FunnelEntries.SlaOverdue(handoff with { Reminder = null }));
    }

    [Fact]
    public void The_machine_events_a_rescore_newly_ignores_are_counted_per_rule_on_its_day_by_how_many()
    {
        var firstScore = Qualified.AddHours(1);
        var lead = Scored(New(), "B", Move(LeadStage.Lead, LeadStage.MQL, Qualified));
        var before = Ignoring(lead, firstScore, (EmailEventTypes.LinkClicked, MachineRule.AfterDelivery, 2));
        var after = Ignoring(
            lead,
            firstScore.AddDays(2),
            (EmailEventTypes.LinkClicked, MachineRule.AfterDelivery, 5),
            (EmailEventTypes.Opened, MachineRule.AppleMailPrivacy, 1),
            (EmailEventTypes.LinkClicked, MachineRule.LinkBurst, 3),
            (EmailEventTypes.Opened, MachineRule.AfterDelivery, 1));

        var entries = FunnelEntries.Between(before, after);

        Assert.Equal(
            [(MachineRule.AfterDelivery, 4L), (MachineRule.AppleMailPrivacy, 1L), (MachineRule.LinkBurst, 3L)],
            entries.Select(entry => (Assert.Single(entry.Counters).Group!, entry.Amount)));
        Assert.All(entries, entry => Assert.Equal(
            new FunnelCounter(FunnelCounterKind.MachineEvents, DateOnly.FromDateTime(firstScore.AddDays(2).UtcDateTime), null, entry.Counters[0].Group),
            entry.Counters[0]));
        Assert.Equal($"machine|{MachineRule.LinkBurst}|{firstScore.AddDays(2).UtcTicks:D19}", entries[2].Key);
        Assert.Empty(FunnelEntries.Between(after, after));
        Assert.Empty(FunnelEntries.Between(after, before)); // fewer after a settings change: nothing to take back
        Assert.Equal(2, Assert.Single(FunnelEntries.Between(lead, before)).Amount);
    }

    private static Lead Ignoring(Lead lead, DateTimeOffset scoredAt, params (string Type, string Rule, int Count)[] groups) =>
        lead with
        {
            Score = lead.Score! with
            {
                ScoredAt = scoredAt,
                IgnoredEvents = [.. groups.Select(group => new IgnoredEventGroup(group.Type, group.Rule, "reason of " + group.Rule, group.Count))],
            },
        };

    private static IEnumerable<string?> Durations(FunnelEntry entry) =>
        entry.Counters.Where(counter => counter.Kind == FunnelCounterKind.Days).Select(counter => counter.Group);
}
