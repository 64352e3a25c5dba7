using Azure.Data.Tables;
using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Sales;
using LeadFunctions.Scoring;
using LeadFunctions.Testing.Azurite;

namespace LeadFunctions.Infrastructure.Tests.Storage;

/// <summary>The leads, events, scores and hand-offs the lead adapters' tests store, and row counts of their tables.</summary>
internal static class LeadStorageTestData
{
    public static readonly LeadProfile Profile = new() { Email = "ada@northwind.example", JobTitle = "CTO", CompanySize = 300 };

    public static async Task<int> CountRowsAsync(TableLeadPorts store)
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

    public static StoredEvent Stored(string source, string id, DateTimeOffset at) =>
        new(source, new EngagementEvent { EventId = id, Type = "Page Viewed", OccurredAt = at });

    public static StoredScore Score(LeadStage stage, decimal engagement, DateTimeOffset at) => new()
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

    public static async Task<(TableLeadPorts Store, Lead Lead, DateTimeOffset Now)> HandedOffLeadAsync(AzuriteFixture azurite)
    {
        var (store, clock) = Stores.Create(azurite);
        var (created, _) = await store.Leads.GetOrCreateLeadAsync(
            new LeadProfile { Email = $"dana.{Guid.NewGuid():N}@northwind.example" },
            LeadAttribution.None);
        var now = clock.GetUtcNow();
        var handoff = new SalesHandoff
        {
            HandoffId = SalesHandoff.IdFor(now),
            LeadId = created.LeadId,
            QualifiedAt = now,
            NextAttemptAt = now,
        };
        Assert.True(await store.Scores.TrySaveScoreAsync(created, SqlScore(now), handoff, now));
        return (store, (await store.Leads.GetLeadAsync(created.LeadId))!, now);
    }

    public static async Task<SalesHandoff> SendAsync(TableLeadPorts store, string leadId, DateTimeOffset now)
    {
        var handoff = (await store.Outbox.GetHandoffAsync(leadId, SalesHandoff.IdFor(now)))!;
        var sent = handoff with
        {
            Status = HandoffStatus.Sent,
            SentAt = now,
            Recipient = "dach-sales@example.com",
            Reminder = new HandoffReminder { DueAt = now.AddHours(24) },
        };
        return (await store.Outbox.TryRecordHandoffSentAsync(sent))!;
    }

    public static async Task<int> CountReminderRowsAsync(TableLeadPorts store)
    {
        var count = 0;
        foreach (var table in store.Tables.All)
        {
            await foreach (var _ in table
                .QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {"remind-"} and PartitionKey lt {"remind."}")))
            {
                count++;
            }
        }

        return count;
    }

    public static StoredScore Accepted(Lead lead, DateTimeOffset at)
    {
        var change = new StageChange(LeadStage.SQL, LeadStage.SAL, at, "accepted by sales")
        {
            Action = SalesActionKind.Accept,
            Actor = "sales@example.com",
            Note = "Calling today",
        };
        return lead.Score! with { Stage = LeadStage.SAL, StageHistory = [.. lead.Score!.StageHistory, change] };
    }

    public static StoredScore SqlScore(DateTimeOffset at) => new()
    {
        FitScore = 50,
        EngagementScore = 60,
        Grade = "A",
        Stage = LeadStage.SQL,
        IsPql = false,
        Bant = default,
        StageHistory =
        [
            new StageChange(LeadStage.Lead, LeadStage.MQL, at, "test"),
            new StageChange(LeadStage.MQL, LeadStage.SQL, at, "test"),
        ],
        Breakdown = [new RuleContribution(ScoreKind.Engagement, "demo", "Demo", 1, 60, null)],
        RecentEvents = [],
        ModelVersion = "test",
        ScoredAt = at,
        EventCount = 1,
    };
}
