using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Qualification;
using LeadFunctions.Scoring;
using LeadFunctions.Testing.Leads;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LeadFunctions.Core.Tests.Qualification;

/// <summary>Rescoring a stored lead whose events machines made, on the in-memory twin of the lead tables.</summary>
public sealed class LeadRescoringServiceTests
{
    private const string LeadId = "0194f1e2a3b4c5d6e7f8091a2b3c4d5e";

    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Now);
    private readonly InMemoryLeadTables _store;

    public LeadRescoringServiceTests()
    {
        _store = new InMemoryLeadTables(_clock);
        _store.Seed(new Lead { LeadId = LeadId, Profile = new LeadProfile { Email = "dana@northwind.example" }, CreatedAt = Now, UpdatedAt = Now });
    }

    [Fact]
    public async Task A_machine_open_changes_no_score_but_is_saved_as_ignored()
    {
        var service = Service(MachineEngagementClassifier.Default);
        await AppendAsync(Event("o1", EmailEventTypes.Opened, ("emailId", "m1")));
        Assert.Equal(RescoreOutcome.Rescored, await service.RescoreAsync(LeadId));
        var before = (await _store.Leads.GetLeadAsync(LeadId))!.Score!;

        await AppendAsync(Event("o2", EmailEventTypes.Opened, ("emailId", "m2"), ("machineOpen", "true")));
        var outcome = await service.RescoreAsync(LeadId);

        var after = (await _store.Leads.GetLeadAsync(LeadId))!.Score!;
        Assert.Equal(RescoreOutcome.Rescored, outcome);
        Assert.Equal((before.EngagementScore, before.EventCount), (after.EngagementScore, after.EventCount));
        Assert.Equal(MachineRule.AppleMailPrivacy, Assert.Single(after.IgnoredEvents).RuleId);
        Assert.Equal("o2", Assert.Single(after.RecentIgnoredEvents).EventId);
        Assert.Equal(RescoreOutcome.Unchanged, await service.RescoreAsync(LeadId));
    }

    [Fact]
    public async Task A_settings_change_reclassifies_the_stored_events_at_the_next_rescore()
    {
        await AppendAsync(Event("v1", "Page Viewed", ("path", "/pricing"), (MachineEngagementClassifier.UserAgentFamilyProperty, "headlesschrome")));
        Assert.Equal(RescoreOutcome.Rescored, await Service(MachineEngagementClassifier.Default).RescoreAsync(LeadId));
        var ignored = (await _store.Leads.GetLeadAsync(LeadId))!.Score!;
        var options = new EngagementOptions();
        options.UserAgentPatterns["headlesschrome"] = string.Empty;

        Assert.Equal(RescoreOutcome.Rescored, await Service(new MachineEngagementClassifier(options)).RescoreAsync(LeadId));

        var counted = (await _store.Leads.GetLeadAsync(LeadId))!.Score!;
        Assert.Equal((0m, 1), (ignored.EngagementScore, ignored.IgnoredEvents.Single().Count));
        Assert.Equal(10, counted.EngagementScore);
        Assert.Empty(counted.IgnoredEvents);
    }

    private LeadRescoringService Service(MachineEngagementClassifier machine) => new(
        _store.Scores,
        _store.DecayReviews,
        new LeadScorer(ScoringModel.Default, _clock, machine),
        _clock,
        NullLogger<LeadRescoringService>.Instance);

    private Task AppendAsync(EngagementEvent engagementEvent) =>
        _store.Leads.AppendEventsAsync(LeadId, [new StoredEvent("sendgrid", engagementEvent)]);

    private static EngagementEvent Event(string id, string type, params (string Key, string Value)[] properties) => new()
    {
        EventId = id,
        Type = type,
        OccurredAt = Now.AddMinutes(-5),
        Properties = properties.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase),
    };
}
