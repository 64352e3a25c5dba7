using LeadFunctions.Engagement;
using LeadFunctions.Ingestion;
using LeadFunctions.Leads;
using LeadFunctions.Qualification;
using LeadFunctions.Testing.Leads;
using LeadFunctions.Visitors;
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
        await store.Leads.AppendEventsAsync(LeadId, [.. firstDelivery]);

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

    [Fact]
    public async Task Rejects_the_items_of_an_unknown_lead_after_the_parsers_rejections_with_their_index_and_event_id()
    {
        var (service, store, _) = CreateOnMockedStore();
        store.Setup(s => s.AppendEventsAsync("lead-1", It.IsAny<IReadOnlyList<StoredEvent>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new EventAppendResult(2, 0));
        var parserRejection = new RejectedItem(7, "bad", "occurredAt: is required");
        var accepted = new[] { ("lead-1", "e1"), ("gone", "e2"), ("lead-1", "e3"), ("gone", "e4") }
            .SelectMany(pair => Parsed(pair.Item1, pair.Item2).Accepted);

        var result = await service.IngestAsync(new ParsedEvents([.. accepted], [parserRejection]));

        const string Reason = "no lead has this leadId (or it was erased)";
        Assert.Equal([parserRejection, new RejectedItem(1, "e2", Reason), new RejectedItem(3, "e4", Reason)], result.Rejected);
        Assert.Equal(2, result.Accepted);
    }

    [Fact]
    public async Task Counts_over_all_leads_and_queues_only_the_leads_that_changed()
    {
        var (service, store, queue) = CreateOnMockedStore();
        store.Setup(s => s.GetLeadAsync("lead-2", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Lead
            {
                LeadId = "lead-2",
                Profile = new LeadProfile { Email = "b@example.org" },
                CreatedAt = Now,
                UpdatedAt = Now,
            });
        store.Setup(s => s.AppendEventsAsync("lead-1", It.IsAny<IReadOnlyList<StoredEvent>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new EventAppendResult(2, 1));
        store.Setup(s => s.AppendEventsAsync("lead-2", It.IsAny<IReadOnlyList<StoredEvent>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new EventAppendResult(0, 0));

        var result = await service.IngestAsync(
            new ParsedEvents([.. Parsed("lead-1", "e1", "e2", "e3").Accepted, .. Parsed("lead-2", "e4").Accepted], []));

        Assert.Equal((2, 1), (result.Accepted, result.Duplicates));
        Assert.Empty(result.Rejected);
        queue.Verify(
            q => q.EnqueueAsync(
                It.Is<IReadOnlyCollection<string>>(ids => ids.Count == 1 && ids.First() == "lead-1"),
                It.IsAny<CancellationToken>()),
            Times.Once);
    }

    [Fact]
    public async Task Queues_no_rescore_when_no_lead_changed()
    {
        var (service, store, queue) = CreateOnMockedStore();
        store.Setup(s => s.AppendEventsAsync("lead-1", It.IsAny<IReadOnlyList<StoredEvent>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new EventAppendResult(0, 0));

        var result = await service.IngestAsync(
            new ParsedEvents([.. Parsed("lead-1", "e1").Accepted, .. Parsed("gone", "e2").Accepted], []));

        Assert.Equal((0, 0), (result.Accepted, result.Duplicates));
        queue.Verify(q => q.EnqueueAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task An_event_s_user_agent_is_stored_as_its_family_only()
    {
        const string HeadlessAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/120.0.0.0 Safari/537.36";
        const string PersonAgent = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 Version/17.4 Safari/605.1.15";
        var (service, store, _) = Create();
        var items = Parsed(LeadId, "scanner", "person", "no-agent").Accepted;
        var page = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["path"] = "/pricing" };

        await service.IngestAsync(new ParsedEvents(
            [
                items[0] with { Event = items[0].Event with { Properties = page }, UserAgent = HeadlessAgent },
                items[1] with { UserAgent = PersonAgent },
                items[2],
            ],
            []));

        var stored = (await store.Scores.GetScoringStateAsync(LeadId))!.Events.ToDictionary(e => e.EventId);
        Assert.Equal(
            new Dictionary<string, string> { ["path"] = "/pricing", ["userAgentFamily"] = "headlesschrome" },
            stored["scanner"].Properties);
        Assert.Equal(new Dictionary<string, string> { ["userAgentFamily"] = "browser" }, stored["person"].Properties);
        Assert.Empty(stored["no-agent"].Properties);
        Assert.DoesNotContain(stored.Values.SelectMany(e => e.Properties.Values), value => value.Contains("Mozilla", StringComparison.Ordinal));
        Assert.Equal("/pricing", page["path"]); // the parser's properties are not changed
        Assert.Single(page);
    }

    [Fact]
    public async Task A_visitor_s_event_keeps_its_user_agent_s_family_only_too()
    {
        var (service, store, _) = Create();
        var page = new EngagementEvent
        {
            EventId = "crawl-1",
            Type = "Page Viewed",
            OccurredAt = Now,
            Properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["path"] = "/pricing" },
        };

        await service.IngestAsync(new ParsedEvents(
            [new IncomingEvent("segment", LeadReference.ByVisitor("ajs-visitor-1"), page) { UserAgent = "python-requests/2.31.0" }],
            []));

        var held = Assert.Single(await store.VisitorStore.GetVisitorEventsAsync(VisitorKey.Of("ajs-visitor-1")));
        Assert.Equal(
            new Dictionary<string, string> { ["path"] = "/pricing", ["userAgentFamily"] = "python-requests" },
            held.Event.Properties);
    }

    private static (EngagementIngestionService Service, InMemoryLeadTables Store, Mock<IRescoreQueue> Queue) Create()
    {
        var clock = new FakeTimeProvider(Now);
        var store = new InMemoryLeadTables(clock);
        store.Seed(new Lead { LeadId = LeadId, Profile = new LeadProfile { Email = "a@example.org" }, CreatedAt = Now, UpdatedAt = Now });
        var queue = new Mock<IRescoreQueue>();
        var service = Service(store.Leads, store.VisitorStore, queue.Object, clock);
        return (service, store, queue);
    }

    /// <summary>
    /// On a Moq store: these tests pin what the service does with the store's exact answers per lead (events stored,
    /// duplicates, a lead that is gone), which a mock states most directly.
    /// </summary>
    private static (EngagementIngestionService Service, Mock<ILeadRepository> Store, Mock<IRescoreQueue> Queue) CreateOnMockedStore()
    {
        var store = new Mock<ILeadRepository>();
        store.Setup(s => s.GetLeadAsync("lead-1", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Lead
            {
                LeadId = "lead-1",
                Profile = new LeadProfile { Email = "a@example.org" },
                CreatedAt = Now,
                UpdatedAt = Now,
                ETag = "1",
            });
        store.Setup(s => s.GetLeadAsync("gone", It.IsAny<CancellationToken>())).ReturnsAsync((Lead?)null);
        var queue = new Mock<IRescoreQueue>();
        var service = Service(store.Object, new InMemoryLeadTables().VisitorStore, queue.Object, new FakeTimeProvider(Now));
        return (service, store, queue);
    }

    private static EngagementIngestionService Service(
        ILeadRepository leads, IVisitorStore visitors, IRescoreQueue queue, TimeProvider clock)
    {
        var joined = new JoinedVisitors();
        var joins = new VisitorJoinService(visitors, leads, joined, NullLogger<VisitorJoinService>.Instance);
        return new EngagementIngestionService(
            leads,
            queue,
            joins,
            new VisitorEventRouter(visitors, leads, joined, joins),
            clock,
            NullLogger<EngagementIngestionService>.Instance);
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
