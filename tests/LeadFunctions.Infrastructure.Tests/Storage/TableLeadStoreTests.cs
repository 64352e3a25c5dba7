using LeadFunctions.Engagement;
using LeadFunctions.Infrastructure.Storage;
using LeadFunctions.Leads;
using LeadFunctions.Scoring;
using LeadFunctions.Testing.Azurite;

namespace LeadFunctions.Infrastructure.Tests.Storage;

[Collection(LeadStoreCollection.Name)]
public sealed class TableLeadStoreTests(AzuriteFixture azurite)
{
    private static readonly LeadProfile Profile = new() { Email = "ada@northwind.example", JobTitle = "CTO", CompanySize = 300 };

    [Fact]
    public async Task The_same_email_is_always_the_same_lead_even_when_created_concurrently()
    {
        var (store, _) = Stores.Create(azurite);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => store.Leads.GetOrCreateLeadAsync(Profile, LeadAttribution.None)));

        Assert.Single(results.Select(r => r.Lead.LeadId).Distinct());
        Assert.Single(results, r => r.Created);
        var found = await store.Leads.FindLeadByEmailAsync(Profile.Email);
        Assert.Equal(results[0].Lead.LeadId, found!.LeadId);
        Assert.Equal(Profile, found.Profile);
    }

    [Fact]
    public async Task Appending_the_same_event_twice_stores_it_once()
    {
        var (store, _) = Stores.Create(azurite);
        var (lead, _) = await store.Leads.GetOrCreateLeadAsync(Profile, LeadAttribution.None);
        var events = Enumerable.Range(0, 150).Select(i => Stored("segment", $"msg-{i}", Stores.Start.AddMinutes(-i))).ToList();

        var first = await store.Leads.AppendEventsAsync(lead.LeadId, events);
        var again = await store.Leads.AppendEventsAsync(lead.LeadId, [.. events.Take(10), Stored("segment", "msg-new", Stores.Start), events[0]]);

        Assert.Equal(new EventAppendResult(150, 0), first);
        Assert.Equal(new EventAppendResult(1, 11), again);
        var state = await store.Scores.GetScoringStateAsync(lead.LeadId);
        Assert.Equal(151, state!.Events.Count);
        Assert.True(
            state.Events.Zip(state.Events.Skip(1)).All(pair => pair.First.OccurredAt <= pair.Second.OccurredAt),
            "events come back in time order");
    }

    [Fact]
    public async Task The_same_event_id_from_two_sources_is_two_events()
    {
        var (store, _) = Stores.Create(azurite);
        var (lead, _) = await store.Leads.GetOrCreateLeadAsync(Profile, LeadAttribution.None);

        var result = await store.Leads.AppendEventsAsync(
            lead.LeadId,
            [Stored("segment", "1", Stores.Start), Stored("sendgrid", "1", Stores.Start)]);

        Assert.Equal(2, result.Stored);
    }

    [Fact]
    public async Task Hostile_event_ids_and_emails_are_stored_and_found_exactly()
    {
        var (store, _) = Stores.Create(azurite);
        var hostile = Profile with { Email = "x'or'1'eq'1@example.com" };
        var (lead, _) = await store.Leads.GetOrCreateLeadAsync(hostile, LeadAttribution.None);

        await store.Leads.AppendEventsAsync(
            lead.LeadId,
            [Stored("api", "x' or PartitionKey ne '", Stores.Start), Stored("api", "a/b\\c#d?e", Stores.Start)]);

        var state = await store.Scores.GetScoringStateAsync(lead.LeadId);
        Assert.Equal(["a/b\\c#d?e", "x' or PartitionKey ne '"], state!.Events.Select(e => e.EventId).Order(StringComparer.Ordinal));
        Assert.Equal(lead.LeadId, (await store.Leads.FindLeadByEmailAsync(hostile.Email))!.LeadId);
    }

    [Fact]
    public async Task A_stale_etag_never_overwrites_a_newer_score()
    {
        var (store, clock) = Stores.Create(azurite);
        var (lead, _) = await store.Leads.GetOrCreateLeadAsync(Profile, LeadAttribution.None);
        var read = (await store.Scores.GetScoringStateAsync(lead.LeadId))!.Lead;

        Assert.True(await store.Scores.TrySaveScoreAsync(read, Score(LeadStage.MQL, 30, clock.GetUtcNow()), null, clock.GetUtcNow()));
        Assert.False(await store.Scores.TrySaveScoreAsync(read, Score(LeadStage.Lead, 5, clock.GetUtcNow()), null, clock.GetUtcNow()));

        var stored = await store.Leads.GetLeadAsync(lead.LeadId);
        Assert.Equal(LeadStage.MQL, stored!.Stage);
        Assert.Equal(30, stored.Score!.EngagementScore);
    }

    [Fact]
    public async Task Appending_events_invalidates_a_score_computed_before_them()
    {
        var (store, clock) = Stores.Create(azurite);
        var (lead, _) = await store.Leads.GetOrCreateLeadAsync(Profile, LeadAttribution.None);
        var read = (await store.Scores.GetScoringStateAsync(lead.LeadId))!.Lead;

        await store.Leads.AppendEventsAsync(lead.LeadId, [Stored("api", "late", Stores.Start)]);

        Assert.False(await store.Scores.TrySaveScoreAsync(read, Score(LeadStage.MQL, 30, clock.GetUtcNow()), null, clock.GetUtcNow()));
    }

    [Fact]
    public async Task A_move_into_sql_writes_one_hand_off_with_the_score()
    {
        var (store, clock) = Stores.Create(azurite);
        var (lead, _) = await store.Leads.GetOrCreateLeadAsync(Profile, LeadAttribution.None);
        var read = (await store.Scores.GetScoringStateAsync(lead.LeadId))!.Lead;
        var now = clock.GetUtcNow();
        var handoff = new SalesHandoff
        {
            HandoffId = SalesHandoff.IdFor(now),
            LeadId = lead.LeadId,
            QualifiedAt = now,
            NextAttemptAt = now,
        };

        Assert.True(await store.Scores.TrySaveScoreAsync(read, Score(LeadStage.SQL, 60, now), handoff, now));
        Assert.False(await store.Scores.TrySaveScoreAsync(read, Score(LeadStage.SQL, 60, now), handoff, now));

        var due = await store.Outbox.GetDueHandoffsAsync(now, 10);
        var single = Assert.Single(due);
        Assert.Equal(handoff.HandoffId, single.HandoffId);
        var (sqlLeads, _) = await store.Leads.ListLeadsByStageAsync(LeadStage.SQL, null, 10);
        Assert.Equal(lead.LeadId, Assert.Single(sqlLeads).LeadId);
    }

    [Fact]
    public async Task A_hand_off_can_be_claimed_by_one_worker_only()
    {
        var (store, clock) = Stores.Create(azurite);
        var (lead, _) = await store.Leads.GetOrCreateLeadAsync(Profile, LeadAttribution.None);
        var now = clock.GetUtcNow();
        var handoff = new SalesHandoff
        {
            HandoffId = SalesHandoff.IdFor(now),
            LeadId = lead.LeadId,
            QualifiedAt = now,
            NextAttemptAt = now,
        };
        await store.Scores.TrySaveScoreAsync((await store.Leads.GetLeadAsync(lead.LeadId))!, Score(LeadStage.SQL, 60, now), handoff, now);
        var pending = Assert.Single(await store.Outbox.GetDueHandoffsAsync(now, 10));

        var claims = await Task.WhenAll(Enumerable.Range(0, 4)
            .Select(_ => store.Outbox.TryUpdateHandoffAsync(pending with { Status = HandoffStatus.Sending, NextAttemptAt = now.AddMinutes(5) })));

        var winner = Assert.Single(claims, claim => claim is not null);
        Assert.Empty(await store.Outbox.GetDueHandoffsAsync(now, 10));
        Assert.NotNull(await store.Outbox.TryRecordHandoffSentAsync(winner! with { Status = HandoffStatus.Sent, SentAt = now }));
        Assert.Empty(await store.Outbox.GetDueHandoffsAsync(now.AddHours(1), 10));
    }

    [Fact]
    public async Task Recording_a_sent_hand_off_sets_the_leads_notified_time_in_the_same_write_or_changes_nothing()
    {
        var (store, clock) = Stores.Create(azurite);
        var now = clock.GetUtcNow();
        var (lead, _) = await store.Leads.GetOrCreateLeadAsync(Profile, LeadAttribution.None);
        var handoff = new SalesHandoff
        {
            HandoffId = SalesHandoff.IdFor(now),
            LeadId = lead.LeadId,
            QualifiedAt = now,
            NextAttemptAt = now,
        };
        await store.Scores.TrySaveScoreAsync((await store.Leads.GetLeadAsync(lead.LeadId))!, Score(LeadStage.SQL, 60, now), handoff, now);
        var claimed = (await store.Outbox.TryUpdateHandoffAsync(
            Assert.Single(await store.Outbox.GetDueHandoffsAsync(now, 10)) with { Status = HandoffStatus.Sending, Attempts = 1 }))!;
        var sentAt = now.AddSeconds(3);

        // A worker whose lease was taken over records nothing: neither the hand-off nor the lead changes.
        var takenOver = (await store.Outbox.TryUpdateHandoffAsync(claimed with { Attempts = 2 }))!;
        Assert.Null(await store.Outbox.TryRecordHandoffSentAsync(claimed with { Status = HandoffStatus.Sent, SentAt = sentAt }));
        Assert.Null((await store.Leads.GetLeadAsync(lead.LeadId))!.SalesNotifiedAt);

        var recorded = await store.Outbox.TryRecordHandoffSentAsync(takenOver with { Status = HandoffStatus.Sent, SentAt = sentAt });

        Assert.NotNull(recorded);
        Assert.Equal(sentAt, (await store.Leads.GetLeadAsync(lead.LeadId))!.SalesNotifiedAt);
        Assert.Empty(await store.Outbox.GetDueHandoffsAsync(now.AddDays(1), 10));
        Assert.Null(await store.Outbox.TryRecordHandoffSentAsync(takenOver with { Status = HandoffStatus.Sent, SentAt = sentAt }));
        await Assert.ThrowsAsync<ArgumentException>(
            () => store.Outbox.TryRecordHandoffSentAsync(recorded! with { Status = HandoffStatus.Sending }));

        await store.Erasure.EraseLeadAsync(lead.LeadId);
        Assert.Null(await store.Outbox.TryRecordHandoffSentAsync(recorded! with { SentAt = sentAt.AddSeconds(1) }));
    }

    [Fact]
    public async Task Finds_due_decay_reviews_from_the_index_and_a_moved_review_leaves_no_row()
    {
        var (store, clock) = Stores.Create(azurite);
        var now = clock.GetUtcNow();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var (lead, _) = await store.Leads.GetOrCreateLeadAsync(Profile with { Email = $"lead{i}@example.com" }, LeadAttribution.None);
            var due = i < 3 ? now.AddHours(1).AddMinutes(-i) : now.AddDays(3);
            await store.Scores.TrySaveScoreAsync(
                (await store.Leads.GetLeadAsync(lead.LeadId))!,
                Score(LeadStage.MQL, 30, now) with { DecayReviewDueAt = due },
                null,
                now);
            ids.Add(lead.LeadId);
        }

        // Lead 0's review moves later: the save removes its old index row.
        var moved = (await store.Leads.GetLeadAsync(ids[0]))!;
        await store.Scores.TrySaveScoreAsync(moved, Score(LeadStage.MQL, 31, now) with { DecayReviewDueAt = now.AddDays(5) }, null, now);

        var dueNow = await store.DecayReviews.GetDueDecayReviewsAsync(now.AddHours(2), 100);

        Assert.Equal(
            new[]
            {
                new DecayReview(ids[2], now.AddHours(1).AddMinutes(-2)),
                new DecayReview(ids[1], now.AddHours(1).AddMinutes(-1)),
            }.OrderBy(r => r.LeadId, StringComparer.Ordinal),
            dueNow.OrderBy(r => r.LeadId, StringComparer.Ordinal));
        foreach (var review in dueNow)
        {
            Assert.True(review.IsCurrentFor((await store.Leads.GetLeadAsync(review.LeadId))!));
        }

        Assert.Single(await store.DecayReviews.GetDueDecayReviewsAsync(now.AddHours(2), 1));
        Assert.Empty(await store.DecayReviews.GetDueDecayReviewsAsync(now, 100));
    }

    [Fact]
    public async Task A_stale_review_row_left_by_a_lost_race_is_recognised_and_removed()
    {
        var (store, clock) = Stores.Create(azurite);
        var now = clock.GetUtcNow();
        var (lead, _) = await store.Leads.GetOrCreateLeadAsync(Profile, LeadAttribution.None);
        await store.Scores.TrySaveScoreAsync(lead, Score(LeadStage.Lead, 10, now) with { DecayReviewDueAt = now.AddDays(30) }, null, now);
        var first = (await store.Leads.GetLeadAsync(lead.LeadId))!;

        // A rescoring that lost its race leaves its index row behind (written before its batch failed).
        var stale = Score(LeadStage.MQL, 25, now) with { DecayReviewDueAt = now.AddHours(1).AddTicks(7) };
        Assert.True(
            await store.Scores.TrySaveScoreAsync(first, Score(LeadStage.MQL, 25, now) with { DecayReviewDueAt = now.AddHours(1) }, null, now));
        Assert.False(await store.Scores.TrySaveScoreAsync(first, stale, null, now));

        var due = await store.DecayReviews.GetDueDecayReviewsAsync(now.AddDays(90), 100);
        var current = (await store.Leads.GetLeadAsync(lead.LeadId))!;

        Assert.Equal(
            [new DecayReview(lead.LeadId, now.AddHours(1)), new DecayReview(lead.LeadId, now.AddHours(1).AddTicks(7))],
            due.OrderBy(r => r.DueAt));
        var currentRow = Assert.Single(due, review => review.IsCurrentFor(current));
        var staleRow = Assert.Single(due, review => !review.IsCurrentFor(current));
        await store.DecayReviews.RemoveDecayReviewAsync(staleRow);
        await store.DecayReviews.RemoveDecayReviewAsync(staleRow);
        Assert.Equal([currentRow], await store.DecayReviews.GetDueDecayReviewsAsync(now.AddDays(90), 100));
    }

    [Fact]
    public async Task Erasure_leaves_nothing_behind_and_is_idempotent()
    {
        var (store, clock) = Stores.Create(azurite);
        var (lead, _) = await store.Leads.GetOrCreateLeadAsync(Profile, LeadAttribution.None);
        var now = clock.GetUtcNow();
        await store.Leads.AppendEventsAsync(lead.LeadId, [Stored("api", "e1", now), Stored("api", "e2", now)]);
        var handoff = new SalesHandoff
        {
            HandoffId = SalesHandoff.IdFor(now),
            LeadId = lead.LeadId,
            QualifiedAt = now,
            NextAttemptAt = now,
        };
        await store.Scores.TrySaveScoreAsync(
            (await store.Leads.GetLeadAsync(lead.LeadId))!,
            Score(LeadStage.SQL, 60, now) with { DecayReviewDueAt = now.AddHours(1) },
            handoff,
            now);

        await store.Erasure.EraseLeadAsync(lead.LeadId);
        await store.Erasure.EraseLeadAsync(lead.LeadId);

        Assert.Null(await store.Leads.GetLeadAsync(lead.LeadId));
        Assert.Null(await store.Scores.GetScoringStateAsync(lead.LeadId));
        Assert.Null(await store.Leads.FindLeadByEmailAsync(Profile.Email));
        Assert.Empty(await store.Outbox.GetDueHandoffsAsync(now.AddHours(1), 10));
        Assert.Empty((await store.Leads.ListLeadsByStageAsync(LeadStage.SQL, null, 10)).Leads);
        Assert.Empty(await store.DecayReviews.GetDueDecayReviewsAsync(now.AddDays(1), 10));
        Assert.Equal(0, await CountRowsAsync(store));
        await Assert.ThrowsAsync<LeadNotFoundException>(() => store.Leads.AppendEventsAsync(lead.LeadId, [Stored("api", "e3", now)]));
    }

    [Fact]
    public async Task Lists_a_stage_a_page_at_a_time()
    {
        var (store, clock) = Stores.Create(azurite);
        var now = clock.GetUtcNow();
        for (var i = 0; i < 7; i++)
        {
            var (lead, _) = await store.Leads.GetOrCreateLeadAsync(Profile with { Email = $"p{i}@example.com" }, LeadAttribution.None);
            await store.Scores.TrySaveScoreAsync(lead, Score(LeadStage.SQL, 60, now), null, now);
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await store.Leads.ListLeadsByStageAsync(LeadStage.SQL, token, 3);
            seen.AddRange(page.Leads.Select(l => l.LeadId));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(7, seen.Distinct().Count());
        Assert.True(pages >= 3);
    }

    [Fact]
    public async Task A_large_score_explanation_round_trips()
    {
        var (store, clock) = Stores.Create(azurite);
        var (lead, _) = await store.Leads.GetOrCreateLeadAsync(Profile, LeadAttribution.None);
        var now = clock.GetUtcNow();
        var big = Score(LeadStage.MQL, 30, now) with
        {
            Breakdown =
            [
                .. Enumerable.Range(0, 600).Select(i => new RuleContribution(
                    ScoreKind.Engagement, $"rule-{i}-{new string('x', 60)}", $"Rule number {i}", i, 0.05m, null)),
            ],
        };

        Assert.True(await store.Scores.TrySaveScoreAsync(lead, big, null, now));

        var stored = await store.Leads.GetLeadAsync(lead.LeadId);
        Assert.Equal(big.Breakdown, stored!.Score!.Breakdown);
    }

    private static async Task<int> CountRowsAsync(TableLeadPorts store)
    {
        var count = 0;
        foreach (var table in store.Tables.All)
        {
            await foreach (var _ in table.QueryAsync<Azure.Data.Tables.TableEntity>())
            {
                count++;
            }
        }

        return count;
    }

    private static StoredEvent Stored(string source, string id, DateTimeOffset at) =>
        new(source, new EngagementEvent { EventId = id, Type = "Page Viewed", OccurredAt = at });

    private static StoredScore Score(LeadStage stage, decimal engagement, DateTimeOffset at) => new()
    {
        FitScore = 25,
        EngagementScore = engagement,
        Grade = "C",
        Stage = stage,
        IsPql = false,
        Bant = default,
        StageHistory = stage == LeadStage.Lead ? [] : [new StageChange(LeadStage.Lead, stage, at, "test")],
        Breakdown =
        [
            new RuleContribution(ScoreKind.Fit, "c-level", "C-level", 0, 25, null),
            new RuleContribution(ScoreKind.Engagement, "webinar", "Webinar", 1, engagement, null),
        ],
        RecentEvents = [],
        ModelVersion = "test",
        ScoredAt = at,
        EventCount = 1,
    };
}
