using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Visitors;

namespace LeadFunctions.Core.Tests.Visitors;

public sealed class VisitorEventsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Keeps_the_newest_500_newest_first_whatever_the_order_given()
    {
        var events = Enumerable.Range(0, 700).Select(i => Stored($"e-{i}", Now.AddMinutes(-i))).Reverse();

        var newest = VisitorEvents.Newest(events);

        Assert.Equal(500, newest.Count);
        Assert.Equal(Now, newest[0].Event.OccurredAt);
        Assert.Equal(Now.AddMinutes(-499), newest[^1].Event.OccurredAt);
    }

    [Fact]
    public void Events_of_the_same_time_are_chosen_by_source_and_id_so_every_run_chooses_the_same()
    {
        var tied = Enumerable.Range(0, 501).Select(i => Stored($"e-{i:D3}", Now)).ToList();

        var forwards = VisitorEvents.Newest(tied);
        var backwards = VisitorEvents.Newest(Enumerable.Reverse(tied));

        Assert.Equal(forwards.Select(e => e.Event.EventId), backwards.Select(e => e.Event.EventId));
        Assert.DoesNotContain(forwards, e => e.Event.EventId == "e-500");
    }

    private static StoredEvent Stored(string eventId, DateTimeOffset at) =>
        new("segment", new EngagementEvent { EventId = eventId, Type = "Page Viewed", OccurredAt = at });
}
