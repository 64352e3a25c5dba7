using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Reporting;
using LeadFunctions.Testing.Leads;
using Microsoft.Extensions.Time.Testing;
using static LeadFunctions.Core.Tests.Reporting.FunnelLeads;

namespace LeadFunctions.Core.Tests.Reporting;

/// <summary>The report over counters the in-memory store records as it saves stage changes (the table store's path).</summary>
public sealed class FunnelReportServiceTests
{
    private static readonly FunnelQuery November = new(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), FunnelGrouping.Campaign);

    private readonly InMemoryLeadTables _store = new(new FakeTimeProvider(Created));

    [Fact]
    public async Task Saves_are_counted_once_however_often_they_are_retried()
    {
        var lead = await CreateAsync("ada@example.org", "winter");
        var mql = Scored(lead, "B", Move(LeadStage.Lead, LeadStage.MQL, Created.AddDays(2)));
        Assert.True(await _store.Scores.TrySaveScoreAsync(lead, mql.Score!, null, Created.AddDays(2)));
        Assert.False(await _store.Scores.TrySaveScoreAsync(lead, mql.Score!, null, Created.AddDays(2)), "the retry read a stale lead");
        var saved = (await _store.Leads.GetLeadAsync(lead.LeadId))!;
        Assert.True(await _store.Scores.TrySaveScoreAsync(saved, mql.Score!, null, Created.AddDays(3)), "a redelivered rescore saves again");
        _store.Funnel.Record(FunnelEntries.Between(lead, mql));

        var report = await new FunnelReportService(_store.Funnel).GetAsync(November);

        Assert.Equal([1L, 1L, 0L], report.Stages.Take(3).Select(row => row.Entered));
    }

    [Fact]
    public async Task The_report_counts_entries_conversions_durations_and_groups()
    {
        var won = await CreateAsync("won@example.org", "<script>x</script>");
        var history = new[]
        {
            Move(LeadStage.Lead, LeadStage.MQL, Created.AddDays(1)),
            Move(LeadStage.MQL, LeadStage.SQL, Created.AddDays(4)),
        };
        Assert.True(await _store.Scores.TrySaveScoreAsync(won, Scored(won, "A", history).Score!, null, Created.AddDays(4)));
        var sql = (await _store.Leads.GetLeadAsync(won.LeadId))!;
        var accepted = Scored(sql, "A", [.. history, Move(LeadStage.SQL, LeadStage.SAL, Created.AddDays(5))]).Score!;
        Assert.Equal(SalesSaveResult.Saved, await _store.SalesActions.TrySaveSalesActionAsync(sql, accepted, new SalesStatusReceipt("crm-1"), Created.AddDays(5)));
        await CreateAsync("quiet@example.org", "winter", score: true);
        await CreateAsync("unscored@example.org", "winter", score: false);

        var report = await new FunnelReportService(_store.Funnel).GetAsync(November);

        Assert.Equal([2L, 1L, 1L, 1L, 0L], report.Stages.Take(5).Select(row => row.Entered));
        Assert.Equal((0.5m, 0.5m), (report.Stages[0].NextStepRate!.Value, report.Stages[1].CumulativeRate!.Value));
        Assert.Equal([1, 3, 1], report.TimeToStage.Take(3).Select(row => row.MedianDays!.Value));
        Assert.Equal(["<script>x</script>", "winter"], report.Groups.Select(row => row.Group).Order(StringComparer.Ordinal));
        Assert.Equal(1, report.Groups.Single(row => row.Group == "winter").Entered["Lead"]);
    }

    [Fact]
    public async Task A_report_reads_one_range_per_month_and_kind_whatever_the_number_of_leads()
    {
        var service = new FunnelReportService(_store.Funnel);
        await service.GetAsync(November);
        var empty = _store.Funnel.Requests;
        for (var i = 0; i < 50; i++)
        {
            await CreateAsync($"lead{i}@example.org", "winter", score: true);
        }

        await service.GetAsync(November);

        Assert.Equal(5, empty); // entries, durations, SLA, machine events, the rows' kind
        Assert.Equal(2 * empty, _store.Funnel.Requests);
    }

    [Fact]
    public async Task Machine_events_a_rescore_ignores_are_counted_once_per_save_on_its_day()
    {
        var lead = (await _store.Leads.GetLeadAsync((await CreateAsync("scanned@example.org", "winter", score: true)).LeadId))!;
        var clicks = new IgnoredEventGroup(EmailEventTypes.LinkClicked, MachineRule.AfterDelivery, "clicked within 10 s of delivery (mail scanner)", 3);
        var scanned = lead.Score! with { ScoredAt = Created.AddDays(1), IgnoredEvents = [clicks] };
        Assert.True(await _store.Scores.TrySaveScoreAsync(lead, scanned, null, Created.AddDays(1)));
        var saved = (await _store.Leads.GetLeadAsync(lead.LeadId))!;
        var more = scanned with { ScoredAt = Created.AddDays(2), IgnoredEvents = [clicks with { Count = 4 }] };
        Assert.True(await _store.Scores.TrySaveScoreAsync(saved, more, null, Created.AddDays(2)));
        _store.Funnel.Record(FunnelEntries.Between(lead, saved with { Score = scanned })); // a redelivered save counts nothing twice

        var report = await new FunnelReportService(_store.Funnel).GetAsync(November);

        Assert.Equal(4, report.MachineEvents.Total);
        Assert.Equal(new Dictionary<string, long> { [MachineRule.AfterDelivery] = 4 }, report.MachineEvents.ByRule);
    }

    [Fact]
    public async Task A_hand_off_whose_SLA_ran_out_counts_once_on_the_day_its_reminder_became_due()
    {
        var lead = await CreateAsync("late@example.org", "winter", score: true);
        var due = Created.AddDays(2);
        var handoff = _store.Seed(new SalesHandoff
        {
            HandoffId = SalesHandoff.IdFor(Created.AddDays(1)),
            LeadId = lead.LeadId,
            QualifiedAt = Created.AddDays(1),
            Status = HandoffStatus.Sent,
            Reminder = new HandoffReminder { DueAt = due },
        });
        var claim = handoff with { Reminder = handoff.Reminder! with { Status = ReminderStatus.Sending, Attempts = 1 } };

        var claimed = await _store.Outbox.TryUpdateReminderAsync(claim);
        Assert.Null(await _store.Outbox.TryUpdateReminderAsync(claim)); // a second run's claim loses, and counts nothing more
        await _store.Outbox.TryUpdateReminderAsync(claimed! with { Reminder = claimed.Reminder! with { Status = ReminderStatus.Pending } });
        var pending = (await _store.Outbox.GetHandoffAsync(lead.LeadId, handoff.HandoffId))!;
        await _store.Outbox.TryUpdateReminderAsync(pending with { Reminder = claim.Reminder });

        var report = await new FunnelReportService(_store.Funnel).GetAsync(November);
        var before = await new FunnelReportService(_store.Funnel).GetAsync(November with { To = new DateOnly(2026, 11, 20) });

        Assert.Equal((1L, 0L), (report.SlaOverdue, before.SlaOverdue));
    }

    private async Task<Lead> CreateAsync(string email, string campaign, bool score = false)
    {
        var (lead, _) = await _store.Leads.GetOrCreateLeadAsync(
            new LeadProfile { Email = email },
            new LeadAttribution { UtmCampaign = campaign });
        if (score)
        {
            Assert.True(await _store.Scores.TrySaveScoreAsync(lead, Scored(lead, "C").Score!, null, Created));
        }

        return lead;
    }
}
