using LeadFunctions.Infrastructure.Storage;
using LeadFunctions.Leads;
using LeadFunctions.Testing.Azurite;
using static LeadFunctions.Infrastructure.Tests.Storage.LeadStorageTestData;

namespace LeadFunctions.Infrastructure.Tests.Storage;

/// <summary>The hand-off outbox's table adapter (<see cref="TableHandoffOutbox"/>) on Azurite: claims, sent records, SLA reminders.</summary>
[Collection(LeadStoreCollection.Name)]
public sealed class TableHandoffOutboxTests(AzuriteFixture azurite)
{
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
    public async Task A_sent_hand_off_s_reminder_is_found_when_due_and_leaves_the_index_when_sent()
    {
        var (store, lead, now) = await HandedOffLeadAsync(azurite);
        var sent = await SendAsync(store, lead.LeadId, now);

        var early = await store.Outbox.GetDueRemindersAsync(now.AddHours(23), 10);
        var due = Assert.Single(await store.Outbox.GetDueRemindersAsync(now.AddHours(24), 10));
        var claimed = await store.Outbox.TryUpdateReminderAsync(
            due with
            {
                Reminder = due.Reminder! with
                {
                    Status = ReminderStatus.Sending,
                    Attempts = 1,
                    NextAttemptAt = now.AddHours(24).AddMinutes(5),
                },
            });
        var lost = await store.Outbox.TryUpdateReminderAsync(due with { Reminder = due.Reminder! with { Status = ReminderStatus.Sending } });
        var whileLeased = await store.Outbox.GetDueRemindersAsync(now.AddHours(24).AddMinutes(1), 10);
        await store.Outbox.TryUpdateReminderAsync(
            claimed! with { Reminder = claimed.Reminder! with { Status = ReminderStatus.Sent, SentAt = now.AddHours(24) } });

        Assert.Empty(early);
        Assert.Equal(("dach-sales@example.com", sent.Reminder!.DueAt), (due.Recipient, due.Reminder!.DueAt));
        Assert.NotNull(claimed);
        Assert.Null(lost);
        Assert.Empty(whileLeased);
        Assert.Empty(await store.Outbox.GetDueRemindersAsync(now.AddDays(5), 10));
        Assert.Equal(ReminderStatus.Sent, (await store.Outbox.GetHandoffAsync(lead.LeadId, sent.HandoffId))!.Reminder!.Status);
        Assert.Equal(0, await CountReminderRowsAsync(store));
    }
}
