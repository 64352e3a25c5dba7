using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Scoring;
using LeadFunctions.Testing.Leads;
using Microsoft.Extensions.Time.Testing;

namespace LeadFunctions.Core.Tests.Leads;

/// <summary>
/// The in-memory twins of the lead ports that the use-case tests run on keep the table adapters' contract (the same
/// scenarios run on Azurite in the Table*Tests of each adapter): ETags decide every write, appends and statuses are
/// idempotent, due reviews and reminders come from their indexes.
/// </summary>
public sealed class InMemoryLeadTablesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private static readonly LeadProfile Profile = new() { Email = "ada@northwind.example", JobTitle = "CTO", CompanySize = 300 };

    private readonly InMemoryLeadTables _store = new(new FakeTimeProvider(Now));

    [Fact]
    public async Task A_write_with_a_stale_etag_loses_and_changes_nothing()
    {
        var (lead, _) = await _store.Leads.GetOrCreateLeadAsync(Profile, LeadAttribution.None);
        Assert.True(await _store.Scores.TrySaveScoreAsync(lead, Score(LeadStage.MQL, 30), null, Now));

        Assert.False(await _store.Scores.TrySaveScoreAsync(lead, Score(LeadStage.Lead, 5), null, Now));
        Assert.False(await _store.Leads.TryUpdateProfileAsync(lead with { Profile = Profile with { Company = "Stale" } }));
        Assert.Equal(SalesSaveResult.Changed, await _store.SalesActions.TrySaveSalesActionAsync(lead, Score(LeadStage.SAL, 30), new SalesStatusReceipt("crm-1"), Now));

        var stored = (await _store.Leads.GetLeadAsync(lead.LeadId))!;
        Assert.Equal((LeadStage.MQL, 30m, Profile), (stored.Stage, stored.Score!.EngagementScore, stored.Profile));
        Assert.False(await _store.SalesActions.IsSalesStatusRecordedAsync(lead.LeadId, "crm-1"));
        Assert.True(await _store.Leads.TryUpdateProfileAsync(stored with { ETag = "*" }), "\"*\" matches any ETag, as If-Match: * does");
        await _store.Erasure.EraseLeadAsync(lead.LeadId);
        var erased = await _store.SalesActions.TrySaveSalesActionAsync(stored with { ETag = "*" }, Score(LeadStage.SAL, 30), null, Now);
        Assert.Equal(SalesSaveResult.NotFound, erased);
    }

    [Fact]
    public async Task Only_one_claim_of_a_hand_off_wins_and_recording_it_sent_sets_the_leads_notified_time()
    {
        var (lead, _) = await _store.Leads.GetOrCreateLeadAsync(Profile, LeadAttribution.None);
        var handoff = new SalesHandoff
        {
            HandoffId = SalesHandoff.IdFor(Now),
            LeadId = lead.LeadId,
            QualifiedAt = Now,
            NextAttemptAt = Now,
        };
        Assert.True(await _store.Scores.TrySaveScoreAsync(lead, Score(LeadStage.SQL, 60), handoff, Now));
        var pending = Assert.Single(await _store.Outbox.GetDueHandoffsAsync(Now, 10));

        var claims = await Task.WhenAll(Enumerable.Range(0, 4)
            .Select(_ => _store.Outbox.TryUpdateHandoffAsync(pending with { Status = HandoffStatus.Sending, NextAttemptAt = Now.AddMinutes(5) })));
        var winner = Assert.Single(claims, claim => claim is not null)!;
        var sent = winner with { Status = HandoffStatus.Sent, SentAt = Now, Reminder = new HandoffReminder { DueAt = Now.AddHours(24) } };

        Assert.Null(await _store.Outbox.TryRecordHandoffSentAsync(sent with { ETag = pending.ETag }));
        Assert.Null((await _store.Leads.GetLeadAsync(lead.LeadId))!.SalesNotifiedAt);
        Assert.NotNull(await _store.Outbox.TryRecordHandoffSentAsync(sent));
        Assert.Equal(Now, (await _store.Leads.GetLeadAsync(lead.LeadId))!.SalesNotifiedAt);
        Assert.Empty(await _store.Outbox.GetDueHandoffsAsync(Now.AddDays(1), 10));
        Assert.Empty(await _store.Outbox.GetDueRemindersAsync(Now.AddHours(23), 10));
        Assert.Equal(sent.HandoffId, Assert.Single(await _store.Outbox.GetDueRemindersAsync(Now.AddHours(24), 10)).HandoffId);
    }

    [Fact]
    public async Task Appending_the_same_event_again_stores_it_once_and_only_new_events_change_the_etag()
    {
        var (lead, _) = await _store.Leads.GetOrCreateLeadAsync(Profile, LeadAttribution.None, [Stored("form", "f1", Now)]);
        var events = Enumerable.Range(0, 150).Select(i => Stored("segment", $"msg-{i}", Now.AddMinutes(-i))).ToList();

        var first = await _store.Leads.AppendEventsAsync(lead.LeadId, events);
        var read = (await _store.Leads.GetLeadAsync(lead.LeadId))!;
        var again = await _store.Leads.AppendEventsAsync(lead.LeadId, [.. events.Take(10), events[0], Stored("form", "f1", Now)]);
        var unchanged = (await _store.Leads.GetLeadAsync(lead.LeadId))!.ETag;
        var other = await _store.Leads.AppendEventsAsync(lead.LeadId, [Stored("sendgrid", "msg-0", Now)]);

        Assert.Equal((new EventAppendResult(150, 0), new EventAppendResult(0, 12), new EventAppendResult(1, 0)), (first, again, other));
        Assert.Equal(read.ETag, unchanged);
        Assert.False(await _store.Scores.TrySaveScoreAsync(read, Score(LeadStage.MQL, 30), null, Now), "the new event invalidates the read");
        var state = (await _store.Scores.GetScoringStateAsync(lead.LeadId))!;
        Assert.Equal(152, state.Events.Count);
        Assert.True(
            state.Events.Zip(state.Events.Skip(1)).All(pair => pair.First.OccurredAt <= pair.Second.OccurredAt),
            "events come back in time order");
        await _store.Erasure.EraseLeadAsync(lead.LeadId);
        await Assert.ThrowsAsync<LeadNotFoundException>(() => _store.Leads.AppendEventsAsync(lead.LeadId, [Stored("api", "late", Now)]));
    }

    [Fact]
    public async Task A_status_with_an_external_id_is_recorded_once()
    {
        var (lead, _) = await _store.Leads.GetOrCreateLeadAsync(Profile, LeadAttribution.None);
        Assert.True(await _store.Scores.TrySaveScoreAsync(lead, Score(LeadStage.SQL, 60), null, Now));
        var sql = (await _store.Leads.GetLeadAsync(lead.LeadId))!;

        var first = await _store.SalesActions.TrySaveSalesActionAsync(sql, Score(LeadStage.SAL, 60), new SalesStatusReceipt("crm-42"), Now);
        var current = (await _store.Leads.GetLeadAsync(lead.LeadId))!;
        var replay = await _store.SalesActions.TrySaveSalesActionAsync(current, Score(LeadStage.Won, 60), new SalesStatusReceipt("crm-42"), Now.AddMinutes(1));

        Assert.Equal((SalesSaveResult.Saved, SalesSaveResult.AlreadyRecorded), (first, replay));
        Assert.Equal(current, await _store.Leads.GetLeadAsync(lead.LeadId));
        Assert.True(await _store.SalesActions.IsSalesStatusRecordedAsync(lead.LeadId, "crm-42"));
        Assert.Equal(lead.LeadId, Assert.Single((await _store.Leads.ListLeadsByStageAsync(LeadStage.SAL, null, 10)).Leads).LeadId);
        Assert.Empty((await _store.Leads.ListLeadsByStageAsync(LeadStage.SQL, null, 10)).Leads);
    }

    [Fact]
    public async Task Due_decay_reviews_come_earliest_first_and_a_lost_race_leaves_a_stale_row()
    {
        var ids = new List<string>();
        (string Email, DateTimeOffset DueAt)[] leads =
            [("a@example.com", Now.AddHours(3)), ("b@example.com", Now.AddHours(1)), ("c@example.com", Now.AddDays(3))];
        foreach (var (email, dueAt) in leads)
        {
            var (lead, _) = await _store.Leads.GetOrCreateLeadAsync(Profile with { Email = email }, LeadAttribution.None);
            Assert.True(await _store.Scores.TrySaveScoreAsync(lead, Score(LeadStage.MQL, 30) with { DecayReviewDueAt = dueAt }, null, Now));
            ids.Add(lead.LeadId);
        }

        // Lead a's review moves to 2 hours; a save that lost its race (a stale read) still wrote its row, at 4 hours.
        var read = (await _store.Leads.GetLeadAsync(ids[0]))!;
        Assert.True(await _store.Scores.TrySaveScoreAsync(read, Score(LeadStage.MQL, 31) with { DecayReviewDueAt = Now.AddHours(2) }, null, Now));
        Assert.False(await _store.Scores.TrySaveScoreAsync(read, Score(LeadStage.MQL, 32) with { DecayReviewDueAt = Now.AddHours(4) }, null, Now));

        var due = await _store.DecayReviews.GetDueDecayReviewsAsync(Now.AddDays(1), 100);

        Assert.Equal(
            [new DecayReview(ids[1], Now.AddHours(1)), new DecayReview(ids[0], Now.AddHours(2)), new DecayReview(ids[0], Now.AddHours(4))],
            due);
        Assert.Equal(due.Take(2), await _store.DecayReviews.GetDueDecayReviewsAsync(Now.AddDays(1), 2));
        var (a, b) = ((await _store.Leads.GetLeadAsync(ids[0]))!, (await _store.Leads.GetLeadAsync(ids[1]))!);
        Assert.Equal((true, true, false), (due[0].IsCurrentFor(b), due[1].IsCurrentFor(a), due[2].IsCurrentFor(a)));
        await _store.DecayReviews.RemoveDecayReviewAsync(due[2]);
        await _store.DecayReviews.RemoveDecayReviewAsync(due[2]);
        Assert.Equal(due.Take(2), await _store.DecayReviews.GetDueDecayReviewsAsync(Now.AddDays(1), 100));
        Assert.Empty(await _store.DecayReviews.GetDueDecayReviewsAsync(Now, 100));
    }

    [Fact]
    public async Task A_lead_being_erased_is_gone_to_readers_refused_to_writers_and_its_email_goes_to_a_new_lead()
    {
        var (lead, _) = await _store.Leads.GetOrCreateLeadAsync(Profile, LeadAttribution.None, [Stored("form", "f1", Now)]);
        var handoff = new SalesHandoff
        {
            HandoffId = SalesHandoff.IdFor(Now),
            LeadId = lead.LeadId,
            QualifiedAt = Now,
            NextAttemptAt = Now,
        };
        Assert.True(await _store.Scores.TrySaveScoreAsync(lead, Score(LeadStage.SQL, 60), handoff, Now));
        var read = (await _store.Leads.GetLeadAsync(lead.LeadId))!;
        var pending = (await _store.Outbox.GetHandoffAsync(lead.LeadId, handoff.HandoffId))!;

        Assert.True(_store.BeginErasure(lead.LeadId));

        Assert.Null(await _store.Leads.GetLeadAsync(lead.LeadId));
        Assert.Null(await _store.Leads.FindLeadByEmailAsync(Profile.Email));
        Assert.Null(await _store.Scores.GetScoringStateAsync(lead.LeadId));
        Assert.Empty((await _store.Leads.ListLeadsByStageAsync(LeadStage.SQL, null, 10)).Leads);
        Assert.Empty((await _store.Leads.ListLeadIdsAsync(null, 10)).LeadIds);
        Assert.False(await _store.Leads.TryUpdateProfileAsync(read with { ETag = "*" }));
        await Assert.ThrowsAsync<LeadNotFoundException>(() => _store.Leads.AppendEventsAsync(lead.LeadId, [Stored("api", "late", Now)]));
        var anyVersion = read with { ETag = "*" };
        Assert.False(await _store.Scores.TrySaveScoreAsync(anyVersion, Score(LeadStage.MQL, 30) with { DecayReviewDueAt = Now.AddHours(1) }, null, Now));
        Assert.Equal(SalesSaveResult.NotFound, await _store.SalesActions.TrySaveSalesActionAsync(anyVersion, Score(LeadStage.SAL, 60), new SalesStatusReceipt("crm-1"), Now));
        Assert.Null(await _store.Outbox.TryUpdateHandoffAsync(pending with { Status = HandoffStatus.Sending }));
        var sent = pending with { Status = HandoffStatus.Sent, SentAt = Now, Reminder = new HandoffReminder { DueAt = Now.AddHours(24) } };
        Assert.Null(await _store.Outbox.TryRecordHandoffSentAsync(sent));
        Assert.Null(await _store.Outbox.TryUpdateReminderAsync(sent));
        Assert.Empty(await _store.DecayReviews.GetDueDecayReviewsAsync(Now.AddDays(1), 10));
        Assert.Empty(await _store.Outbox.GetDueRemindersAsync(Now.AddDays(2), 10));
        Assert.Empty((await _store.Leads.ListStageEntriesAsync(LeadStage.MQL, null, 10)).Entries);

        var (fresh, created) = await _store.Leads.GetOrCreateLeadAsync(Profile, LeadAttribution.None, [Stored("form", "f2", Now)]);
        await _store.Erasure.EraseLeadAsync(lead.LeadId);

        Assert.True(created);
        Assert.NotEqual(lead.LeadId, fresh.LeadId);
        Assert.Equal(fresh.LeadId, (await _store.Leads.FindLeadByEmailAsync(Profile.Email))?.LeadId);
        Assert.Empty((await _store.Leads.ListStageEntriesAsync(LeadStage.SQL, null, 10)).Entries);
        Assert.Empty(await _store.Outbox.GetDueHandoffsAsync(Now.AddHours(1), 10));
        Assert.False(await _store.SalesActions.IsSalesStatusRecordedAsync(lead.LeadId, "crm-1"));
    }

    private static StoredEvent Stored(string source, string id, DateTimeOffset at) =>
        new(source, new EngagementEvent { EventId = id, Type = "Page Viewed", OccurredAt = at });

    private static StoredScore Score(LeadStage stage, decimal engagement) => new()
    {
        FitScore = 25,
        EngagementScore = engagement,
        Grade = "C",
        Stage = stage,
        IsPql = false,
        Bant = default,
        StageHistory = stage == LeadStage.Lead ? [] : [new StageChange(LeadStage.Lead, stage, Now, "test")],
        Breakdown = [new RuleContribution(ScoreKind.Engagement, "webinar", "Webinar", 1, engagement, null)],
        RecentEvents = [],
        ModelVersion = "test",
        ScoredAt = Now,
        EventCount = 1,
    };
}
