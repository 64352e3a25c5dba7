using LeadFunctions.Capture;
using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Visitors;
using static LeadFunctions.Core.Tests.Visitors.VisitorHarness;

namespace LeadFunctions.Core.Tests.Visitors;

/// <summary>
/// Anonymous visitors joined to the lead they identify as (<see cref="VisitorJoinService"/>, through capture and ingestion
/// as the app calls it), on the in-memory store.
/// </summary>
public sealed class VisitorJoinServiceTests
{
    [Fact]
    public async Task Anonymous_pricing_views_before_a_form_fill_raise_the_engagement_score_after_the_fill_with_their_own_decay()
    {
        var harness = new VisitorHarness();
        var views = await harness.ViewPricingAsync("ajs-dana", Start.AddDays(-28), Start.AddDays(-14));
        Assert.Equal(2, views.Accepted);
        Assert.Empty(harness.Queue.Requests); // an anonymous visitor is no lead: nothing to rescore

        var dana = await harness.FillFormAsync("dana@northwind.example", "ajs-dana");
        var lee = await harness.FillFormAsync("lee@northwind.example", anonymousId: null);

        // Pricing (10 points, half-life 14 days): 10 × 2^-2 + 10 × 2^-1 = 2.50 + 5.00, and the form's 10 points today.
        Assert.Equal(17.50m, await harness.EngagementAsync(dana));
        Assert.Equal(10m, await harness.EngagementAsync(lee));
        Assert.Equal([[dana], [lee]], harness.Queue.Requests.Select(ids => ids.ToArray()));
        Assert.Empty(await harness.HeldAsync("ajs-dana"));

        // Decay goes on from the views' own times: two weeks later they are worth half as much (1.25 + 2.50), and the
        // form 10 × 2^(-14/30) = 7.24.
        harness.Clock.Advance(TimeSpan.FromDays(14));
        Assert.Equal(10.99m, await harness.EngagementAsync(dana));
        Assert.Equal(3.75m, await harness.PointsAsync(dana, "pricing-page"));
    }

    [Fact]
    public async Task The_joined_events_keep_their_ids_types_and_times()
    {
        var harness = new VisitorHarness();
        await harness.ViewPricingAsync("ajs-1", Start.AddDays(-3));

        var leadId = await harness.FillFormAsync("ada@example.org", "ajs-1");

        var moved = Assert.Single(await harness.LeadEventsAsync(leadId), e => e.Type == "Page Viewed");
        Assert.Equal(
            ($"ajs-1-view-{Start.AddDays(-3).UtcTicks}-0", Start.AddDays(-3), "/pricing"),
            (moved.EventId, moved.OccurredAt, moved.GetProperty("path")));
    }

    [Fact]
    public async Task Later_anonymous_events_of_a_joined_visitor_go_straight_to_the_lead_and_queue_its_rescore()
    {
        var harness = new VisitorHarness();
        var leadId = await harness.FillFormAsync("ada@example.org", "ajs-1");

        var result = await harness.ViewPricingAsync("ajs-1", Start.AddMinutes(5));

        Assert.Equal(1, result.Accepted);
        Assert.Empty(await harness.HeldAsync("ajs-1"));
        Assert.Contains(await harness.LeadEventsAsync(leadId), e => e.Type == "Page Viewed");
        Assert.Equal([leadId, leadId], harness.Queue.Leads);
    }

    [Fact]
    public async Task Another_instance_that_never_saw_the_join_learns_the_lead_from_the_store()
    {
        var harness = new VisitorHarness();
        var leadId = await harness.FillFormAsync("ada@example.org", "ajs-1");
        harness.Joined.Forget(VisitorKey.Of("ajs-1")); // as on an instance that did not run the join

        var delivery = await harness.Router.StoreAsync("ajs-1", [Stored("v-2", Start)]);

        Assert.Equal(new VisitorDelivery(1, 0, leadId, true), delivery);
        Assert.Equal(leadId, harness.Joined.LeadOf(VisitorKey.Of("ajs-1")));
    }

    [Fact]
    public async Task A_second_lead_claiming_a_joined_visitor_is_recorded_and_ignored()
    {
        var harness = new VisitorHarness();
        await harness.ViewPricingAsync("ajs-shared", Start.AddDays(-1));
        var first = await harness.FillFormAsync("first@example.org", "ajs-shared");

        var second = await harness.FillFormAsync("second@example.org", "ajs-shared");
        var claim = await harness.Joins.JoinAsync(second, "ajs-shared");
        await harness.ViewPricingAsync("ajs-shared", Start);

        Assert.Equal(new VisitorJoinResult(VisitorClaim.JoinedToAnotherLead, 0), claim);
        Assert.Equal(first, harness.Store.VisitorStore.LeadOf("ajs-shared"));
        Assert.Equal(3, (await harness.LeadEventsAsync(first)).Count); // the form, and both anonymous views
        Assert.Equal("Form Submitted", Assert.Single(await harness.LeadEventsAsync(second)).Type);

        // Erasing the second lead leaves the visitor to the first.
        await harness.Erasure.EraseAsync(second);
        Assert.Equal(first, harness.Store.VisitorStore.LeadOf("ajs-shared"));
    }

    [Fact]
    public async Task A_lead_may_have_several_visitors()
    {
        var harness = new VisitorHarness();
        await harness.ViewPricingAsync("ajs-laptop", Start.AddDays(-2));
        await harness.ViewPricingAsync("ajs-phone", Start.AddDays(-1));

        var leadId = await harness.FillFormAsync("ada@example.org", "ajs-laptop");
        await harness.FillFormAsync("ada@example.org", "ajs-phone");

        Assert.Equal(2, (await harness.LeadEventsAsync(leadId)).Count(e => e.Type == "Page Viewed"));
        Assert.Equal(
            (leadId, leadId),
            (harness.Store.VisitorStore.LeadOf("ajs-laptop"), harness.Store.VisitorStore.LeadOf("ajs-phone")));
    }

    [Fact]
    public async Task A_join_cut_short_after_the_claim_finishes_on_retry_and_counts_each_event_once()
    {
        var harness = new VisitorHarness();
        await harness.ViewPricingAsync("ajs-1", Start.AddDays(-2), Start.AddDays(-1));
        var (lead, _) = await harness.Store.Leads.GetOrCreateLeadAsync(new LeadProfile { Email = "ada@example.org" }, LeadAttribution.None);

        // The process died after the claim: the visitor is the lead's, its events are still on the visitor.
        Assert.Equal(VisitorClaim.Joined, await harness.Store.VisitorStore.ClaimVisitorAsync(VisitorKey.Of("ajs-1"), lead.LeadId));
        Assert.Equal(2, (await harness.HeldAsync("ajs-1")).Count);

        var retried = await harness.Joins.JoinAsync(lead.LeadId, "ajs-1");
        var again = await harness.Joins.JoinAsync(lead.LeadId, "ajs-1");

        Assert.Equal(new VisitorJoinResult(VisitorClaim.AlreadyJoined, 2), retried);
        Assert.Equal(new VisitorJoinResult(VisitorClaim.AlreadyJoined, 0), again);
        Assert.Equal(2, (await harness.LeadEventsAsync(lead.LeadId)).Count);
        Assert.Empty(await harness.HeldAsync("ajs-1"));
    }

    [Fact]
    public async Task A_join_cut_short_after_the_events_were_copied_removes_them_without_counting_them_again()
    {
        var harness = new VisitorHarness();
        await harness.ViewPricingAsync("ajs-1", Start.AddDays(-1));
        var (lead, _) = await harness.Store.Leads.GetOrCreateLeadAsync(new LeadProfile { Email = "ada@example.org" }, LeadAttribution.None);
        await harness.Store.VisitorStore.ClaimVisitorAsync(VisitorKey.Of("ajs-1"), lead.LeadId);
        await harness.Store.Leads.AppendEventsAsync(lead.LeadId, await harness.HeldAsync("ajs-1")); // copied, not yet removed

        var retried = await harness.Joins.JoinAsync(lead.LeadId, "ajs-1");

        Assert.Equal(new VisitorJoinResult(VisitorClaim.AlreadyJoined, 0), retried);
        Assert.Single(await harness.LeadEventsAsync(lead.LeadId));
        Assert.Empty(await harness.HeldAsync("ajs-1"));
    }

    [Fact]
    public async Task The_visitors_next_event_finishes_a_join_cut_short()
    {
        var harness = new VisitorHarness();
        await harness.ViewPricingAsync("ajs-1", Start.AddDays(-1));
        var (lead, _) = await harness.Store.Leads.GetOrCreateLeadAsync(new LeadProfile { Email = "ada@example.org" }, LeadAttribution.None);
        await harness.Store.VisitorStore.ClaimVisitorAsync(VisitorKey.Of("ajs-1"), lead.LeadId);

        await harness.ViewPricingAsync("ajs-1", Start);

        Assert.Equal(2, (await harness.LeadEventsAsync(lead.LeadId)).Count);
        Assert.Empty(await harness.HeldAsync("ajs-1"));
        Assert.Equal([lead.LeadId], harness.Queue.Leads);
    }

    [Fact]
    public async Task An_event_sent_anonymously_and_again_with_the_email_counts_once()
    {
        var harness = new VisitorHarness();
        var view = Event(LeadReference.ByVisitor("ajs-1"), "m-1", Start.AddHours(-1));
        await harness.Ingestion.IngestAsync(new ParsedEvents([view], []));

        // Segment delivers the same message again once the visitor is known (the same messageId), with the email.
        var identified = view with { Lead = LeadReference.ByEmail("ada@example.org").WithVisitor("ajs-1") };
        var result = await harness.Ingestion.IngestAsync(new ParsedEvents([identified], []));

        var leadId = harness.Store.VisitorStore.LeadOf("ajs-1")!;
        Assert.Equal(1, result.Accepted);
        Assert.Single(await harness.LeadEventsAsync(leadId));
        Assert.Equal(9.98m, await harness.PointsAsync(leadId, "pricing-page")); // one view an hour ago: 10 × 2^(-1/336)
    }

    [Fact]
    public async Task Only_the_newest_500_events_of_a_visitor_move_to_its_lead()
    {
        var harness = new VisitorHarness();
        var times = Enumerable.Range(0, 600).Select(i => Start.AddMinutes(-i)).ToArray();
        await harness.ViewPricingAsync("ajs-busy", times);

        var leadId = await harness.FillFormAsync("busy@example.org", "ajs-busy");

        var views = (await harness.LeadEventsAsync(leadId)).Where(e => e.Type == "Page Viewed").ToList();
        Assert.Equal(VisitorEvents.MaxPerVisitor, views.Count);
        Assert.Equal(Start.AddMinutes(-499), views.Min(e => e.OccurredAt));
        Assert.Empty(await harness.HeldAsync("ajs-busy"));
    }

    [Fact]
    public async Task A_batch_with_anonymous_views_and_the_identify_that_names_the_visitor_rescores_the_lead_once()
    {
        var harness = new VisitorHarness();
        var anonymous = LeadReference.ByVisitor("ajs-1");
        var batch = new ParsedEvents(
            [
                Event(anonymous, "m-1", Start.AddMinutes(-3)),
                Event(anonymous, "m-2", Start.AddMinutes(-2), path: "/compare"),
                Event(LeadReference.ByEmail("ada@example.org").WithVisitor("ajs-1"), "m-3", Start.AddMinutes(-1), "Identify", null),
            ],
            []);

        var result = await harness.Ingestion.IngestAsync(batch);

        var leadId = Assert.Single(Assert.Single(harness.Queue.Requests));
        Assert.Equal(3, result.Accepted);
        Assert.Equal(["m-1", "m-2", "m-3"], (await harness.LeadEventsAsync(leadId)).Select(e => e.EventId));
        Assert.Empty(await harness.HeldAsync("ajs-1"));
    }

    [Fact]
    public async Task Erasing_a_lead_erases_its_visitors_and_their_later_events_are_a_new_visitors()
    {
        var harness = new VisitorHarness();
        await harness.ViewPricingAsync("ajs-1", Start.AddDays(-1));
        var leadId = await harness.FillFormAsync("ada@example.org", "ajs-1");

        await harness.Erasure.EraseAsync(leadId);

        Assert.Equal(0, harness.Store.VisitorStore.Count);
        Assert.Null(harness.Store.VisitorStore.LeadOf("ajs-1"));

        // This instance still remembers the join: the lead refuses the events, and they are kept for a new visitor.
        var result = await harness.ViewPricingAsync("ajs-1", Start);
        Assert.Equal(1, result.Accepted);
        Assert.Empty(result.Rejected);
        Assert.Single(await harness.HeldAsync("ajs-1"));
        Assert.Null(harness.Store.VisitorStore.LeadOf("ajs-1"));
        Assert.Null(await harness.Store.Leads.GetLeadAsync(leadId));
    }

    [Fact]
    public async Task A_join_with_a_lead_erased_meanwhile_is_refused_and_leaves_no_claim()
    {
        var harness = new VisitorHarness();
        await harness.ViewPricingAsync("ajs-1", Start.AddDays(-1));
        var (lead, _) = await harness.Store.Leads.GetOrCreateLeadAsync(new LeadProfile { Email = "ada@example.org" }, LeadAttribution.None);
        harness.Store.BeginErasure(lead.LeadId);

        await Assert.ThrowsAsync<LeadNotFoundException>(() => harness.Joins.JoinAsync(lead.LeadId, "ajs-1"));

        Assert.Null(harness.Store.VisitorStore.LeadOf("ajs-1"));
        Assert.Single(await harness.HeldAsync("ajs-1"));
    }

    [Fact]
    public async Task A_form_with_an_unreadable_visitor_id_captures_the_lead_and_names_the_field()
    {
        var harness = new VisitorHarness();

        var result = await harness.Capture.CaptureAsync(
            new LeadCaptureRequest { Email = "ada@example.org", AnonymousId = new string('a', 129) });

        Assert.Equal(["anonymousId"], result.IgnoredFields);
        Assert.Equal(0, harness.Store.VisitorStore.Count);
    }

    [Theory]
    [InlineData("\"ajs-1\"")] // Analytics.js Classic JSON-quotes its cookie
    [InlineData(" ajs-1 ")]
    public async Task A_form_with_the_cookie_value_as_it_was_read_joins_the_same_visitor(string posted)
    {
        var harness = new VisitorHarness();
        await harness.ViewPricingAsync("ajs-1", Start.AddDays(-1));

        var leadId = await harness.FillFormAsync("ada@example.org", posted);

        Assert.Equal(leadId, harness.Store.VisitorStore.LeadOf("ajs-1"));
    }

    private static StoredEvent Stored(string eventId, DateTimeOffset at) =>
        new("segment", new EngagementEvent { EventId = eventId, Type = "Page Viewed", OccurredAt = at });
}
