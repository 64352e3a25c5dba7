using LeadFunctions.Engagement;
using LeadFunctions.Ingestion;
using LeadFunctions.Leads;
using LeadFunctions.Qualification;
using LeadFunctions.Testing.Leads;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace LeadFunctions.Core.Tests.Ingestion;

public sealed class EngagementIngestionServiceTests
{
    private const string LeadId = "0194f1e2a3b4c5d6e7f8091a2b3c4d5e";

    /// <summary>A lead id of the right shape that no lead has.</summary>
    private const string Gone = "0194f1e2a3b4c5d6e7f8091a2b3c4d5f";

    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_retried_delivery_whose_events_were_all_stored_before_still_queues_the_rescore()
    {
        // The first delivery stored the events, then storage failed before the rescore was queued (503 to the
        // sender). The retry finds only duplicates; without a rescore now, the lead's score would miss them.
        var (service, store, queue) = Create();
        var firstDelivery = Parsed(LeadId, "e1", "e2").Accepted.Select(item => new StoredEvent(item.Source, item.Event));
        await store.AppendEventsAsync(LeadId, [.. firstDelivery]);

        var result = await service.IngestAsync(Parsed(LeadId, "e1", "e2"));

        Assert.Equal(0, result.Accepted);
        Assert.Equal(2, result.Duplicates);
        queue.Verify(
            q => q.EnqueueAsync(
                It.Is<IReadOnlyCollection<string>>(ids => ids.Count == 1 && ids.Contains(LeadId)),
                It.IsAny<CancellationToken>()),
            Times.Once);
    }

    [Fact]
    public async Task New_events_queue_one_rescore_per_lead_and_an_unknown_lead_id_is_rejected_without_one()
    {
        var (service, _, queue) = Create();

        var result = await service.IngestAsync(
            new ParsedEvents([.. Parsed(LeadId, "e1", "e2").Accepted, .. Parsed(Gone, "e3").Accepted], []));

        Assert.Equal(2, result.Accepted);
        Assert.Equal(2, Assert.Single(result.Rejected).Index);
        queue.Verify(
            q => q.EnqueueAsync(
                It.Is<IReadOnlyCollection<string>>(ids => ids.Count == 1 && ids.Contains(LeadId)),
                It.IsAny<CancellationToken>()),
            Times.Once);
    }

    private static (EngagementIngestionService Service, InMemoryLeadStore Store, Mock<IRescoreQueue> Queue) Create()
    {
        var clock = new FakeTimeProvider(Now);
        var store = new InMemoryLeadStore(clock);
        store.Seed(new Lead { LeadId = LeadId, Profile = new LeadProfile { Email = "a@example.org" }, CreatedAt = Now, UpdatedAt = Now });
        var queue = new Mock<IRescoreQueue>();
        var service = new EngagementIngestionService(store, queue.Object, clock, NullLogger<EngagementIngestionService>.Instance);
        return (service, store, queue);
    }

    private static ParsedEvents Parsed(string leadId, params string[] eventIds) => new(
        [
            .. eventIds.Select(
                id => new IncomingEvent(
                    "api",
                    LeadReference.ById(leadId),
                    new EngagementEvent { EventId = id, Type = "Email Opened", OccurredAt = Now })),
        ],
        []);
}
