using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Notifications;
using LeadFunctions.Qualification;
using LeadFunctions.Scoring;
using LeadFunctions.Testing.Leads;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Benchmarks;

/// <summary>
/// The decay timer's own cost as the number of stored leads grows while the number of due leads stays the same
/// (1,000): the real <see cref="DecayAndNotifyService"/>, rescoring service and scorer over the tests'
/// <see cref="InMemoryLeadTables"/>, whose partition and range lookups are indexed, as Table Storage's are (sorted in
/// memory there; Azurite scans, so on Azurite the load benchmark's figures grow with the table for the raw baseline and
/// the app alike). Flat means the run's time grows with the leads that need decaying and not with all leads.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10, invocationCount: 1)]
public class DecayRunBenchmarks
{
    private const int Due = 1_000;
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private InMemoryLeadTables _store = null!;
    private DecayAndNotifyService _service = null!;
    private (Lead Lead, StoredEvent[] Events)[] _dueSeed = null!;

    [Params(10_000, 100_000, 1_000_000)]
    public int StoredLeads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var clock = new FixedClock(Now);
        var scorer = new LeadScorer(ScoringModel.Default, clock);
        _store = new InMemoryLeadTables(clock);
        var profile = new LeadProfile
        {
            Email = "seed@example.org",
            JobTitle = "Director of Marketing",
            CompanySize = 400,
            Industry = "Software",
            Country = "DE",
        };
        var wentQuiet = Now.AddDays(-40);
        var due = new List<(Lead, StoredEvent[])>(Due);
        for (var i = 0; i < StoredLeads; i++)
        {
            // An MQL that went quiet 40 days ago: its review is due now (the first 1,000) or in 30 days (the rest).
            EngagementEvent[] events =
            [
                new()
                {
                    EventId = "w" + i,
                    Type = "Webinar Attended",
                    OccurredAt = wentQuiet,
                    Properties = new Dictionary<string, string> { ["webinarId"] = "w1" },
                },
                new()
                {
                    EventId = "d" + i,
                    Type = "Content Downloaded",
                    OccurredAt = wentQuiet.AddHours(1),
                    Properties = new Dictionary<string, string> { ["contentId"] = "c1" },
                },
                new()
                {
                    EventId = "p" + i,
                    Type = "Page Viewed",
                    OccurredAt = wentQuiet.AddHours(2),
                    Properties = new Dictionary<string, string> { ["path"] = "/pricing" },
                },
            ];
            var score = StoredScore.From(scorer.Score(profile, events, LeadStanding.New, wentQuiet.AddHours(3)));
            var lead = new Lead
            {
                LeadId = i.ToString("x32", System.Globalization.CultureInfo.InvariantCulture),
                Profile = profile,
                CreatedAt = wentQuiet,
                UpdatedAt = wentQuiet,
                Score = score with { DecayReviewDueAt = i < Due ? Now.AddHours(-1) : Now.AddDays(30) },
            };
            StoredEvent[] stored = [.. events.Select(e => new StoredEvent("bench", e))];
            _store.Seed(lead, stored);
            if (i < Due)
            {
                due.Add((lead, stored));
            }
        }

        _dueSeed = [.. due];
        var rescoring = new LeadRescoringService(
            _store.Scores,
            _store.DecayReviews,
            scorer,
            clock,
            NullLogger<LeadRescoringService>.Instance);
        var dispatcher = new SalesHandoffDispatcher(
            _store.Outbox,
            _store.Leads,
            new NoNotifier(),
            Options.Create(new HandoffOptions()),
            clock,
            NullLogger<SalesHandoffDispatcher>.Instance);
        var reminders = new HandoffReminderDispatcher(
            _store.Outbox,
            _store.Leads,
            new NoNotifier(),
            Options.Create(new HandoffOptions()),
            clock,
            NullLogger<HandoffReminderDispatcher>.Instance);
        _service = new DecayAndNotifyService(
            _store.DecayReviews,
            rescoring,
            dispatcher,
            reminders,
            Options.Create(new DecayOptions()),
            clock,
            NullLogger<DecayAndNotifyService>.Instance);
    }

    /// <summary>Puts the due leads back as seeded (the previous run moved their reviews forward).</summary>
    [IterationSetup]
    public void Rearm()
    {
        foreach (var (lead, events) in _dueSeed)
        {
            _store.Seed(lead, events);
        }
    }

    [Benchmark]
    public async Task<int> DecayRun()
    {
        var result = await _service.RunAsync();
        return result.Reviewed == Due
            ? result.Rescored
            : throw new InvalidOperationException($"Reviewed {result.Reviewed}, expected {Due}.");
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private sealed class NoNotifier : ISalesNotifier
    {
        public string RecipientFor(Lead lead) => "sales@example.com";

        public Task NotifyAsync(Lead lead, SalesHandoff handoff, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task RemindAsync(Lead lead, SalesHandoff handoff, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
