using LeadFunctions.Leads;
using LeadFunctions.Notifications;
using LeadFunctions.Qualification;
using LeadFunctions.Visitors;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using static LeadFunctions.Core.Tests.Visitors.VisitorHarness;

namespace LeadFunctions.Core.Tests.Visitors;

/// <summary>Retention of anonymous visitors' events (<see cref="VisitorRetentionService"/>), on the in-memory store.</summary>
public sealed class VisitorRetentionServiceTests
{
    [Fact]
    public async Task Events_of_a_visitor_that_never_identified_expire_the_set_number_of_days_after_they_were_received()
    {
        var harness = new VisitorHarness();
        await harness.ViewPricingAsync("ajs-1", Start);
        harness.Clock.Advance(TimeSpan.FromDays(29));
        await harness.ViewPricingAsync("ajs-1", harness.Clock.GetUtcNow());
        harness.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1)); // the first was received 30 days and a minute ago

        var run = await harness.Retention.RunAsync();

        Assert.Equal(new VisitorRetentionResult(1, 1, 0), run);
        Assert.Equal(Start.AddDays(29), Assert.Single(await harness.HeldAsync("ajs-1")).Event.OccurredAt);

        harness.Clock.Advance(TimeSpan.FromDays(29));
        Assert.Equal(new VisitorRetentionResult(1, 1, 0), await harness.Retention.RunAsync());
        Assert.Equal(0, harness.Store.VisitorStore.Count); // nothing left: the visitor is forgotten
        Assert.Equal(VisitorRetentionResult.None, await harness.Retention.RunAsync());
    }

    [Fact]
    public async Task Nothing_is_due_before_the_retention_days_have_passed()
    {
        var harness = new VisitorHarness();
        await harness.ViewPricingAsync("ajs-1", Start.AddDays(-60)); // old when it happened, received now
        harness.Clock.Advance(TimeSpan.FromDays(29));

        Assert.Equal(VisitorRetentionResult.None, await harness.Retention.RunAsync());
        Assert.Single(await harness.HeldAsync("ajs-1"));
    }

    [Fact]
    public async Task The_retention_days_are_a_setting()
    {
        var harness = new VisitorHarness(retentionDays: 7);
        await harness.ViewPricingAsync("ajs-1", Start);
        harness.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));

        Assert.Equal(new VisitorRetentionResult(1, 1, 0), await harness.Retention.RunAsync());
    }

    [Fact]
    public async Task Events_a_visitor_brought_to_its_lead_are_the_leads_and_stay()
    {
        var harness = new VisitorHarness();
        await harness.ViewPricingAsync("ajs-1", Start);
        var leadId = await harness.FillFormAsync("ada@example.org", "ajs-1");
        harness.Clock.Advance(TimeSpan.FromDays(31));

        await harness.Retention.RunAsync();

        Assert.Equal(2, (await harness.LeadEventsAsync(leadId)).Count);
        Assert.Equal(leadId, harness.Store.VisitorStore.LeadOf("ajs-1"));
    }

    [Fact]
    public async Task A_joined_visitor_still_holding_events_has_them_moved_to_its_lead_which_is_rescored()
    {
        var harness = new VisitorHarness();
        await harness.ViewPricingAsync("ajs-1", Start);
        var (lead, _) = await harness.Store.Leads.GetOrCreateLeadAsync(new LeadProfile { Email = "ada@example.org" }, LeadAttribution.None);
        await harness.Store.VisitorStore.ClaimVisitorAsync(VisitorKey.Of("ajs-1"), lead.LeadId); // and then the process died
        harness.Clock.Advance(TimeSpan.FromDays(31));

        var run = await harness.Retention.RunAsync();

        Assert.Equal(new VisitorRetentionResult(1, 0, 1), run);
        Assert.Single(await harness.LeadEventsAsync(lead.LeadId));
        Assert.Empty(await harness.HeldAsync("ajs-1"));
        Assert.Equal([lead.LeadId], harness.Queue.Leads);
    }

    [Fact]
    public async Task A_visitor_is_trimmed_to_its_newest_500_events_when_its_oldest_expire()
    {
        var harness = new VisitorHarness();
        await harness.ViewPricingAsync("ajs-1", Start);
        harness.Clock.Advance(TimeSpan.FromDays(20));
        await harness.ViewPricingAsync("ajs-1", [.. Enumerable.Range(0, 520).Select(i => harness.Clock.GetUtcNow().AddMinutes(-i))]);
        harness.Clock.Advance(TimeSpan.FromDays(11));

        var run = await harness.Retention.RunAsync();

        Assert.Equal(1 + 20, run.DeletedEvents);
        Assert.Equal(VisitorEvents.MaxPerVisitor, (await harness.HeldAsync("ajs-1")).Count);
    }

    [Fact]
    public async Task The_decay_timers_run_deletes_expired_visitor_events()
    {
        var harness = new VisitorHarness();
        await harness.ViewPricingAsync("ajs-1", Start);
        harness.Clock.Advance(TimeSpan.FromDays(31));
        var notifier = Mock.Of<ISalesNotifier>();
        var handoffs = Options.Create(new HandoffOptions());
        var timer = new DecayAndNotifyService(
            harness.Store.DecayReviews,
            harness.Rescoring,
            new SalesHandoffDispatcher(
                harness.Store.Outbox, harness.Store.Leads, notifier, handoffs, harness.Clock, NullLogger<SalesHandoffDispatcher>.Instance),
            new HandoffReminderDispatcher(
                harness.Store.Outbox, harness.Store.Leads, notifier, handoffs, harness.Clock, NullLogger<HandoffReminderDispatcher>.Instance),
            Options.Create(new DecayOptions()),
            harness.Clock,
            NullLogger<DecayAndNotifyService>.Instance,
            visitors: harness.Retention);

        var run = await timer.RunAsync();

        Assert.Equal(new VisitorRetentionResult(1, 1, 0), run.Visitors);
        Assert.Empty(await harness.HeldAsync("ajs-1"));
    }
}
