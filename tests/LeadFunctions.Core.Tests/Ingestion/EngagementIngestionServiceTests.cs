using LeadFunctions.Engagement;
using LeadFunctions.Ingestion;
using LeadFunctions.Leads;
using LeadFunctions.Qualification;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace LeadFunctions.Tests.Ingestion;

public sealed class EngagementIngestionServiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_retried_delivery_whose_events_were_all_stored_before_still_queues_the_rescore()
    {
        // The first delivery stored the events, then storage failed before the rescore was queued (503 to the
        // sender). The retry finds only duplicates; without a rescore now, the lead's score would miss them.
        var (service, store, queue) = Create();
        store.Setup(s => s.AppendEventsAsync("lead-1", It.IsAny<IReadOnlyList<StoredEvent>>(), It.IsAny<CancellationToken>())).ReturnsAsync(new EventAppendResult(0, 2));

        var result = await service.IngestAsync(Parsed("lead-1", "e1", "e2"));

        Assert.Equal(0, result.Accepted);
        Assert.Equal(2, result.Duplicates);
        queue.Verify(q => q.EnqueueAsync(It.Is<IReadOnlyCollection<string>>(ids => ids.Count == 1 && ids.Contains("lead-1")), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task New_events_queue_one_rescore_per_lead_and_an_unknown_lead_id_is_rejected_without_one()
    {
        var (service, store, queue) = Create();
        store.Setup(s => s.AppendEventsAsync("lead-1", It.IsAny<IReadOnlyList<StoredEvent>>(), It.IsAny<CancellationToken>())).ReturnsAsync(new EventAppendResult(2, 0));

        var result = await service.IngestAsync(new ParsedEvents([.. Parsed("lead-1", "e1", "e2").Accepted, .. Parsed("gone", "e3").Accepted], []));

        Assert.Equal(2, result.Accepted);
        Assert.Equal(2, Assert.Single(result.Rejected).Index);
        queue.Verify(q => q.EnqueueAsync(It.Is<IReadOnlyCollection<string>>(ids => ids.Count == 1 && ids.Contains("lead-1")), It.IsAny<CancellationToken>()), Times.Once);
    }

    private static (EngagementIngestionService Service, Mock<ILeadStore> Store, Mock<IRescoreQueue> Queue) Create()
    {
        var store = new Mock<ILeadStore>();
        store.Setup(s => s.GetLeadAsync("lead-1", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Lead { LeadId = "lead-1", Profile = new LeadProfile { Email = "a@example.org" }, CreatedAt = Now, UpdatedAt = Now, ETag = "1" });
        store.Setup(s => s.GetLeadAsync("gone", It.IsAny<CancellationToken>())).ReturnsAsync((Lead?)null);
        var queue = new Mock<IRescoreQueue>();
        var service = new EngagementIngestionService(store.Object, queue.Object, new FakeTimeProvider(Now), NullLogger<EngagementIngestionService>.Instance);
        return (service, store, queue);
    }

    private static ParsedEvents Parsed(string leadId, params string[] eventIds) => new(
        [.. eventIds.Select(id => new IncomingEvent("api", LeadReference.ById(leadId), new EngagementEvent { EventId = id, Type = "Email Opened", OccurredAt = Now }))],
        []);
}
