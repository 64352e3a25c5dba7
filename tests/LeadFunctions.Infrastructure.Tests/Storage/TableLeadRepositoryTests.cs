using LeadFunctions.Infrastructure.Storage;
using LeadFunctions.Leads;
using LeadFunctions.Testing.Azurite;
using static LeadFunctions.Infrastructure.Tests.Storage.LeadStorageTestData;

namespace LeadFunctions.Infrastructure.Tests.Storage;

/// <summary>The lead repository's table adapter (<see cref="TableLeadRepository"/>) on Azurite: leads found and created, events appended, stages listed.</summary>
[Collection(LeadStoreCollection.Name)]
public sealed class TableLeadRepositoryTests(AzuriteFixture azurite)
{
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
}
