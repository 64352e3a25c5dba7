using LeadFunctions.Capture;
using LeadFunctions.Engagement;
using LeadFunctions.Ingestion;
using LeadFunctions.Leads;
using LeadFunctions.Qualification;
using LeadFunctions.Scoring;
using LeadFunctions.Testing.Leads;
using LeadFunctions.Visitors;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LeadFunctions.Core.Tests.Visitors;

/// <summary>
/// The use cases a visitor meets, wired as the app wires them over one in-memory store: events ingested (anonymous or
/// not), forms captured, leads rescored and erased, the retention run; the rescore queue records what it is asked.
/// </summary>
internal sealed class VisitorHarness
{
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    public VisitorHarness(int retentionDays = 30)
    {
        Store = new InMemoryLeadTables(Clock);
        Joined = new JoinedVisitors();
        Joins = new VisitorJoinService(Store.VisitorStore, Store.Leads, Joined, NullLogger<VisitorJoinService>.Instance);
        Router = new VisitorEventRouter(Store.VisitorStore, Store.Leads, Joined, Joins);
        Ingestion = new EngagementIngestionService(
            Store.Leads, Queue, Joins, Router, Clock, NullLogger<EngagementIngestionService>.Instance);
        Capture = new LeadCaptureService(
            Store.Leads, Queue, Joins, ScoringModel.Default, Clock, NullLogger<LeadCaptureService>.Instance);
        Rescoring = new LeadRescoringService(
            Store.Scores,
            Store.DecayReviews,
            new LeadScorer(ScoringModel.Default, Clock),
            Clock,
            NullLogger<LeadRescoringService>.Instance);
        Retention = new VisitorRetentionService(
            Store.VisitorStore,
            Joins,
            Queue,
            Options.Create(new TrackingOptions { AnonymousRetentionDays = retentionDays }),
            Clock,
            NullLogger<VisitorRetentionService>.Instance);
        Erasure = new LeadErasureService(Store.Erasure, NullLogger<LeadErasureService>.Instance);
    }

    public FakeTimeProvider Clock { get; } = new(Start);

    public InMemoryLeadTables Store { get; }

    public RecordingRescoreQueue Queue { get; } = new();

    public JoinedVisitors Joined { get; }

    public VisitorJoinService Joins { get; }

    public VisitorEventRouter Router { get; }

    public EngagementIngestionService Ingestion { get; }

    public LeadCaptureService Capture { get; }

    public LeadRescoringService Rescoring { get; }

    public VisitorRetentionService Retention { get; }

    public LeadErasureService Erasure { get; }

    /// <summary>An event as a parser hands it on: who it is about, what happened, when.</summary>
    public static IncomingEvent Event(
        LeadReference who, string eventId, DateTimeOffset at, string type = "Page Viewed", string? path = "/pricing") =>
        new("segment", who, new EngagementEvent
        {
            EventId = eventId,
            Type = type,
            OccurredAt = at,
            Properties = path is null
                ? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
                : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["path"] = path },
        });

    /// <summary>Anonymous pricing views of one visitor, at the times given.</summary>
    public Task<IngestionResult> ViewPricingAsync(string anonymousId, params DateTimeOffset[] times) =>
        Ingestion.IngestAsync(new ParsedEvents(
            [.. times.Select((at, i) => Event(LeadReference.ByVisitor(anonymousId), $"{anonymousId}-view-{at.UtcTicks}-{i}", at))],
            []));

    public async Task<string> FillFormAsync(string email, string? anonymousId)
    {
        var result = await Capture.CaptureAsync(new LeadCaptureRequest { Email = email, AnonymousId = anonymousId });
        Assert.Equal(CaptureOutcome.Accepted, result.Outcome);
        return result.LeadId!;
    }

    /// <summary>Rescores the lead now and returns its engagement score.</summary>
    public async Task<decimal> EngagementAsync(string leadId)
    {
        await Rescoring.RescoreAsync(leadId);
        return (await Store.Leads.GetLeadAsync(leadId))!.Score!.EngagementScore;
    }

    /// <summary>Rescores the lead now and returns what one rule contributes (0 when nothing).</summary>
    public async Task<decimal> PointsAsync(string leadId, string ruleId)
    {
        await Rescoring.RescoreAsync(leadId);
        var score = (await Store.Leads.GetLeadAsync(leadId))!.Score!;
        return score.Breakdown.Where(rule => rule.RuleId == ruleId).Sum(rule => rule.Points);
    }

    public async Task<IReadOnlyList<EngagementEvent>> LeadEventsAsync(string leadId) =>
        (await Store.Scores.GetScoringStateAsync(leadId))!.Events;

    public Task<IReadOnlyList<StoredEvent>> HeldAsync(string anonymousId) =>
        Store.VisitorStore.GetVisitorEventsAsync(VisitorKey.Of(anonymousId));
}
