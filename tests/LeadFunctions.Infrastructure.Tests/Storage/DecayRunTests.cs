using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Notifications;
using LeadFunctions.Qualification;
using LeadFunctions.Scoring;
using LeadFunctions.Testing.Azurite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Infrastructure.Tests.Storage;

/// <summary>The decay timer's use case on the real lead store (Azurite): index rows checked against the lead it reads anyway.</summary>
[Collection(LeadStoreCollection.Name)]
public sealed class DecayRunTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_decay_run_rescores_each_due_lead_once_moves_its_review_forward_and_removes_stale_rows()
    {
        var (store, clock) = Stores.Create(azurite);
        var scorer = new LeadScorer(ScoringModel.Default, clock);
        var rescoring = new LeadRescoringService(store.Scores, store.DecayReviews, scorer, clock, NullLogger<LeadRescoringService>.Instance);
        var now = clock.GetUtcNow();
        var (lead, _) = await store.Leads.GetOrCreateLeadAsync(
            new LeadProfile { Email = "grace@contoso.example", JobTitle = "VP Engineering", CompanySize = 800 },
            LeadAttribution.None);
        await store.Leads.AppendEventsAsync(lead.LeadId,
        [
            new(
                "api",
                new EngagementEvent
                {
                    EventId = "p1",
                    Type = "Page Viewed",
                    OccurredAt = now.AddDays(-1),
                    Properties = new Dictionary<string, string> { ["path"] = "/pricing" },
                }),
            new(
                "api",
                new EngagementEvent
                {
                    EventId = "w1",
                    Type = "Webinar Attended",
                    OccurredAt = now.AddDays(-2),
                    Properties = new Dictionary<string, string> { ["webinarId"] = "w" },
                }),
        ]);
        Assert.Equal(RescoreOutcome.Rescored, await rescoring.RescoreAsync(lead.LeadId));
        var scored = (await store.Leads.GetLeadAsync(lead.LeadId))!;
        var firstDue = scored.Score!.DecayReviewDueAt!.Value;

        // A rescoring that lost an ETag race leaves its index row behind; an erased lead leaves none.
        Assert.False(await store.Scores.TrySaveScoreAsync(lead, scored.Score with { DecayReviewDueAt = firstDue.AddTicks(3) }, null, now));
        var (gone, _) = await store.Leads.GetOrCreateLeadAsync(new LeadProfile { Email = "gone@contoso.example" }, LeadAttribution.None);
        await store.Scores.TrySaveScoreAsync(gone, scored.Score, null, now);
        await store.Erasure.EraseLeadAsync(gone.LeadId);

        clock.SetUtcNow(firstDue.AddMinutes(1));
        var due = await store.DecayReviews.GetDueDecayReviewsAsync(clock.GetUtcNow(), 100);
        var service = new DecayAndNotifyService(
            store.DecayReviews,
            rescoring,
            new SalesHandoffDispatcher(
                store.Outbox,
                store.Leads,
                new NoSqlExpected(),
                Options.Create(new HandoffOptions()),
                clock,
                NullLogger<SalesHandoffDispatcher>.Instance),
            new HandoffReminderDispatcher(
                store.Outbox,
                store.Leads,
                new NoSqlExpected(),
                Options.Create(new HandoffOptions()),
                clock,
                NullLogger<HandoffReminderDispatcher>.Instance),
            Options.Create(new DecayOptions { PageSize = 1 }),
            clock,
            NullLogger<DecayAndNotifyService>.Instance);

        var run = await service.RunAsync();
        var after = (await store.Leads.GetLeadAsync(lead.LeadId))!;

        Assert.Equal(2, due.Count);
        Assert.Equal(2, run.Reviewed);
        Assert.Equal(1, run.Rescored);
        Assert.True(after.Score!.EngagementScore < scored.Score.EngagementScore, "the quiet lead's engagement decays");
        Assert.True(after.Score.DecayReviewDueAt > clock.GetUtcNow());
        Assert.Empty(await store.DecayReviews.GetDueDecayReviewsAsync(clock.GetUtcNow(), 100));
        Assert.Equal(
            [new DecayReview(lead.LeadId, after.Score.DecayReviewDueAt!.Value)],
            await store.DecayReviews.GetDueDecayReviewsAsync(after.Score.DecayReviewDueAt.Value, 100));
    }

    /// <summary>None of these leads reaches SQL, so nothing may be sent.</summary>
    private sealed class NoSqlExpected : ISalesNotifier
    {
        public string RecipientFor(Lead lead) => throw new InvalidOperationException("No lead in this test is an SQL.");

        public Task NotifyAsync(Lead lead, SalesHandoff handoff, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("No lead in this test is an SQL.");

        public Task RemindAsync(Lead lead, SalesHandoff handoff, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("No lead in this test is an SQL.");
    }
}
