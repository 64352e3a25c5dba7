using Azure.Core;
using Azure.Data.Tables;
using LeadFunctions.Engagement;
using LeadFunctions.Infrastructure.Storage;
using LeadFunctions.Leads;
using LeadFunctions.Testing.Azurite;
using LeadFunctions.Visitors;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static LeadFunctions.Infrastructure.Tests.Storage.LeadStorageTestData;

namespace LeadFunctions.Infrastructure.Tests.Storage;

/// <summary>
/// The visitor store's table adapter (<see cref="TableVisitorStore"/>) on Azurite: what anonymous events cost, the claim
/// that closes a visitor to appends, erasure with the lead, retention.
/// </summary>
[Collection(LeadStoreCollection.Name)]
public sealed class TableVisitorStoreTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = Stores.Start;

    private static readonly string[] QuietPrefixes = ["p", "q", "r", "s"];

    [Fact]
    public async Task A_known_visitors_batch_costs_one_request_and_a_new_visitors_first_costs_three()
    {
        var (store, requests) = CountingStore();
        var visitor = VisitorKey.Of("ajs-" + Guid.NewGuid());
        await store.Tables.EnsureTablesAsync();
        Assert.DoesNotContain(["a-0", "b-0", "c-0"], IsTurn); // none of these appends is one that also trims

        var first = await CountAsync(requests, () => store.Visitors.AppendVisitorEventsAsync(visitor, Views("a", 3)));
        var second = await CountAsync(requests, () => store.Visitors.AppendVisitorEventsAsync(visitor, Views("b", 10)));
        var large = await CountAsync(requests, () => store.Visitors.AppendVisitorEventsAsync(visitor, Views("c", 150)));
        var again = await CountAsync(requests, () => store.Visitors.AppendVisitorEventsAsync(visitor, Views("b", 10)));

        Assert.Equal((new VisitorAppendResult(3, 0, null), 3), first); // no open row, the retention index row, the first write
        Assert.Equal((new VisitorAppendResult(10, 0, null), 1), second);
        Assert.Equal((new VisitorAppendResult(150, 0, null), 2), large); // 98 events a transaction
        Assert.Equal((new VisitorAppendResult(0, 10, null), 2), again); // the failed write, one read of the keys held
        Assert.Equal(163, (await store.Visitors.GetVisitorEventsAsync(visitor)).Count);
    }

    [Fact]
    public async Task A_claimed_visitor_stores_nothing_more_and_names_its_lead_while_its_earlier_events_wait_for_the_lead()
    {
        var (store, _) = Stores.Create(azurite);
        var lead = await NewLeadAsync(store);
        var visitor = VisitorKey.Of("ajs-" + Guid.NewGuid());
        await store.Visitors.AppendVisitorEventsAsync(visitor, Views("before", 2));

        Assert.Equal(VisitorClaim.Joined, await store.Visitors.ClaimVisitorAsync(visitor, lead));
        var after = await store.Visitors.AppendVisitorEventsAsync(visitor, Views("after", 1));

        Assert.Equal(VisitorAppendResult.Joined(lead), after);
        Assert.Equal(["before-0", "before-1"], (await store.Visitors.GetVisitorEventsAsync(visitor)).Select(e => e.Event.EventId).Order());
        Assert.Equal(VisitorClaim.AlreadyJoined, await store.Visitors.ClaimVisitorAsync(visitor, lead));
    }

    [Fact]
    public async Task A_new_visitor_claimed_before_any_event_names_its_lead_at_once()
    {
        var (store, _) = Stores.Create(azurite);
        var lead = await NewLeadAsync(store);
        var visitor = VisitorKey.Of("ajs-" + Guid.NewGuid());

        Assert.Equal(VisitorClaim.Joined, await store.Visitors.ClaimVisitorAsync(visitor, lead));

        Assert.Equal(VisitorAppendResult.Joined(lead), await store.Visitors.AppendVisitorEventsAsync(visitor, Views("x", 1)));
        Assert.Empty(await store.Visitors.GetVisitorEventsAsync(visitor));
    }

    [Fact]
    public async Task The_first_claim_wins_and_a_second_is_recorded_on_its_lead_and_ignored()
    {
        var (store, _) = Stores.Create(azurite);
        var (first, second) = (await NewLeadAsync(store), await NewLeadAsync(store, "second@example.org"));
        var visitor = VisitorKey.Of("ajs-" + Guid.NewGuid());

        var claims = await Task.WhenAll(
            store.Visitors.ClaimVisitorAsync(visitor, first),
            store.Visitors.ClaimVisitorAsync(visitor, second));

        Assert.Single(claims, claim => claim == VisitorClaim.Joined);
        Assert.Single(claims, claim => claim == VisitorClaim.JoinedToAnotherLead);
        var winner = claims[0] == VisitorClaim.Joined ? first : second;
        var loser = winner == first ? second : first;
        Assert.Equal(VisitorAppendResult.Joined(winner), await store.Visitors.AppendVisitorEventsAsync(visitor, Views("x", 1)));
        Assert.Equal([visitor.Value], await ClaimRowsAsync(store, loser));
    }

    [Fact]
    public async Task A_lead_that_is_gone_cannot_claim_and_the_visitor_is_left_as_it_was()
    {
        var (store, _) = Stores.Create(azurite);
        var lead = await NewLeadAsync(store);
        var visitor = VisitorKey.Of("ajs-" + Guid.NewGuid());
        await store.Visitors.AppendVisitorEventsAsync(visitor, Views("v", 1));
        await store.Erasure.EraseLeadAsync(lead);

        await Assert.ThrowsAsync<LeadNotFoundException>(() => store.Visitors.ClaimVisitorAsync(visitor, lead));

        Assert.Single(await store.Visitors.GetVisitorEventsAsync(visitor));
        Assert.Equal(new VisitorAppendResult(1, 0, null), await store.Visitors.AppendVisitorEventsAsync(visitor, Views("w", 1)));
    }

    [Fact]
    public async Task Erasing_a_lead_erases_the_visitors_it_joined_with_their_events_and_leaves_another_leads_visitor()
    {
        var (store, _) = Stores.Create(azurite);
        var (lead, other) = (await NewLeadAsync(store), await NewLeadAsync(store, "other@example.org"));
        var (mine, theirs) = (VisitorKey.Of("ajs-mine"), VisitorKey.Of("ajs-theirs"));
        await store.Visitors.AppendVisitorEventsAsync(mine, Views("m", 2));
        await store.Visitors.AppendVisitorEventsAsync(theirs, Views("t", 1));
        await store.Visitors.ClaimVisitorAsync(mine, lead); // its events not moved yet: a join cut short
        await store.Visitors.ClaimVisitorAsync(theirs, other);
        Assert.Equal(VisitorClaim.JoinedToAnotherLead, await store.Visitors.ClaimVisitorAsync(theirs, lead));

        await store.Erasure.EraseLeadAsync(other);
        await store.Erasure.EraseLeadAsync(lead);

        Assert.Equal(0, await CountRowsAsync(store));
        Assert.Equal(new VisitorAppendResult(1, 0, null), await store.Visitors.AppendVisitorEventsAsync(mine, Views("later", 1)));
    }

    [Fact]
    public async Task Retention_deletes_what_was_received_before_the_cutoff_reindexes_the_rest_and_forgets_an_emptied_visitor()
    {
        var (store, clock) = Stores.Create(azurite);
        var (kept, emptied) = (VisitorKey.Of("ajs-kept"), VisitorKey.Of("ajs-emptied"));
        await store.Visitors.AppendVisitorEventsAsync(kept, Views("old", 2));
        await store.Visitors.AppendVisitorEventsAsync(emptied, Views("old", 3));
        clock.Advance(TimeSpan.FromDays(20));
        await store.Visitors.AppendVisitorEventsAsync(kept, Views("new", 1));
        clock.Advance(TimeSpan.FromDays(11));

        var expiry = await store.Visitors.ExpireVisitorEventsAsync(clock.GetUtcNow().AddDays(-30), 100);

        Assert.Equal((2, 5, 0), (expiry.Visitors, expiry.DeletedEvents, expiry.Unmoved.Count));
        Assert.Equal(["new-0"], (await store.Visitors.GetVisitorEventsAsync(kept)).Select(e => e.Event.EventId));
        Assert.Empty(await store.Visitors.GetVisitorEventsAsync(emptied));
        Assert.Equal(0, (await store.Visitors.ExpireVisitorEventsAsync(clock.GetUtcNow().AddDays(-30), 100)).Visitors);

        clock.Advance(TimeSpan.FromDays(30));
        Assert.Equal(1, (await store.Visitors.ExpireVisitorEventsAsync(clock.GetUtcNow().AddDays(-30), 100)).DeletedEvents);
        Assert.Equal(0, await CountRowsAsync(store)); // state, open and index rows of both visitors gone
    }

    [Fact]
    public async Task Retention_reports_a_joined_visitor_still_holding_events_and_leaves_them()
    {
        var (store, clock) = Stores.Create(azurite);
        var lead = await NewLeadAsync(store);
        var visitor = VisitorKey.Of("ajs-" + Guid.NewGuid());
        await store.Visitors.AppendVisitorEventsAsync(visitor, Views("v", 2));
        await store.Visitors.ClaimVisitorAsync(visitor, lead);
        clock.Advance(TimeSpan.FromDays(31));

        var expiry = await store.Visitors.ExpireVisitorEventsAsync(clock.GetUtcNow().AddDays(-30), 100);

        Assert.Equal([new JoinedVisitor(visitor, lead)], expiry.Unmoved);
        Assert.Equal(0, expiry.DeletedEvents);
        Assert.Equal(2, (await store.Visitors.GetVisitorEventsAsync(visitor)).Count);
    }

    [Fact]
    public async Task An_append_whose_turn_it_is_trims_the_visitor_to_its_newest_500_events()
    {
        var (store, _) = Stores.Create(azurite);
        var visitor = VisitorKey.Of("ajs-" + Guid.NewGuid());
        var prefix = QuietPrefixes.First(candidate => !IsTurn(candidate + "-0"));
        await store.Visitors.AppendVisitorEventsAsync(visitor, Views(prefix, 505));
        var notTurn = Enumerable.Range(0, 1000).Select(i => $"quiet-{i}").First(id => !IsTurn(id));
        var turn = Enumerable.Range(0, 1000).Select(i => $"turn-{i}").First(IsTurn);

        await store.Visitors.AppendVisitorEventsAsync(visitor, [View(notTurn, Now)]);
        Assert.Equal(506, (await store.Visitors.GetVisitorEventsAsync(visitor)).Count);
        await store.Visitors.AppendVisitorEventsAsync(visitor, [View(turn, Now)]);

        var held = await store.Visitors.GetVisitorEventsAsync(visitor);
        Assert.Equal(VisitorEvents.MaxPerVisitor, held.Count);
        Assert.DoesNotContain(held, e => e.Event.OccurredAt < Now.AddMinutes(-497));
    }

    [Fact]
    public async Task Removed_events_are_gone_and_removing_them_again_is_fine()
    {
        var (store, _) = Stores.Create(azurite);
        var visitor = VisitorKey.Of("ajs-" + Guid.NewGuid());
        await store.Visitors.AppendVisitorEventsAsync(visitor, Views("r", 120));
        var held = await store.Visitors.GetVisitorEventsAsync(visitor);

        await store.Visitors.RemoveVisitorEventsAsync(visitor, [.. held.Take(110)]);
        await store.Visitors.RemoveVisitorEventsAsync(visitor, held);

        Assert.Empty(await store.Visitors.GetVisitorEventsAsync(visitor));
    }

    private static bool IsTurn(string eventId) => TableVisitorStore.IsTrimTurn(LeadKeys.EventRow("segment", eventId));

    private (TableLeadPorts Store, RequestCounter Requests) CountingStore()
    {
        var requests = new RequestCounter(_ => true);
        var clientOptions = new TableClientOptions();
        clientOptions.AddPolicy(requests, HttpPipelinePosition.PerCall);
        var options = Options.Create(new StorageOptions { TablePrefix = "v" + Guid.NewGuid().ToString("N")[..12] });
        var service = new TableServiceClient(azurite.ConnectionString, clientOptions);
        return (new TableLeadPorts(service, options, new FakeTimeProvider(Now)), requests);
    }

    private static async Task<(T Result, int Requests)> CountAsync<T>(RequestCounter requests, Func<Task<T>> action)
    {
        var before = requests.Count;
        var result = await action();
        return (result, requests.Count - before);
    }

    private static async Task<string> NewLeadAsync(TableLeadPorts store, string email = "ada@example.org") =>
        (await store.Leads.GetOrCreateLeadAsync(new LeadProfile { Email = email }, LeadAttribution.None)).Lead.LeadId;

    private static async Task<List<string>> ClaimRowsAsync(TableLeadPorts store, string leadId)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {leadId} and RowKey ge {"visitor|"} and RowKey lt {"visitor}"}");
        var keys = new List<string>();
        await foreach (var row in store.Tables.All.First().QueryAsync<TableEntity>(filter))
        {
            keys.Add(row.GetString("VisitorKey"));
        }

        return keys;
    }

    private static StoredEvent View(string eventId, DateTimeOffset at) =>
        new("segment", new EngagementEvent
        {
            EventId = eventId,
            Type = "Page Viewed",
            OccurredAt = at,
            Properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["path"] = "/pricing" },
        });

    private static StoredEvent[] Views(string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => View($"{prefix}-{i}", Now.AddMinutes(-i)))];
}
