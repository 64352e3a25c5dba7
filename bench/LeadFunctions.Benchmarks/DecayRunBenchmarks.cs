using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Notifications;
using LeadFunctions.Qualification;
using LeadFunctions.Scoring;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Benchmarks;

/// <summary>
/// The decay timer's own cost as the number of stored leads grows while the number of due leads stays the same
/// (1,000): the real <see cref="DecayAndNotifyService"/>, rescoring service and scorer over a store whose partition
/// and range lookups are indexed, as Table Storage's are (sorted in memory here; Azurite scans, so on Azurite the
/// load benchmark's figures grow with the table for the raw baseline and the app alike). Flat means the run's time
/// grows with the leads that need decaying and not with all leads.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10, invocationCount: 1)]
public class DecayRunBenchmarks
{
    private const int Due = 1_000;
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private IndexedLeadStore _store = null!;
    private DecayAndNotifyService _service = null!;
    private (Lead Lead, EngagementEvent[] Events)[] _dueSeed = null!;

    [Params(10_000, 100_000, 1_000_000)]
    public int StoredLeads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var clock = new FixedClock(Now);
        var scorer = new LeadScorer(ScoringModel.Default, clock);
        _store = new IndexedLeadStore();
        var profile = new LeadProfile { Email = "seed@example.org", JobTitle = "Director of Marketing", CompanySize = 400, Industry = "Software", Country = "DE" };
        var wentQuiet = Now.AddDays(-40);
        var due = new List<(Lead, EngagementEvent[])>(Due);
        for (var i = 0; i < StoredLeads; i++)
        {
            // An MQL that went quiet 40 days ago: its review is due now (the first 1,000) or in 30 days (the rest).
            EngagementEvent[] events =
            [
                new() { EventId = "w" + i, Type = "Webinar Attended", OccurredAt = wentQuiet, Properties = new Dictionary<string, string> { ["webinarId"] = "w1" } },
                new() { EventId = "d" + i, Type = "Content Downloaded", OccurredAt = wentQuiet.AddHours(1), Properties = new Dictionary<string, string> { ["contentId"] = "c1" } },
                new() { EventId = "p" + i, Type = "Page Viewed", OccurredAt = wentQuiet.AddHours(2), Properties = new Dictionary<string, string> { ["path"] = "/pricing" } },
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
            _store.Seed(lead, events);
            if (i < Due)
            {
                due.Add((lead, events));
            }
        }

        _dueSeed = [.. due];
        var rescoring = new LeadRescoringService(_store, scorer, clock, NullLogger<LeadRescoringService>.Instance);
        var dispatcher = new SalesHandoffDispatcher(_store, new NoNotifier(), Options.Create(new HandoffOptions()), clock, NullLogger<SalesHandoffDispatcher>.Instance);
        var reminders = new HandoffReminderDispatcher(_store, new NoNotifier(), Options.Create(new HandoffOptions()), clock, NullLogger<HandoffReminderDispatcher>.Instance);
        _service = new DecayAndNotifyService(_store, rescoring, dispatcher, reminders, Options.Create(new DecayOptions()), clock, NullLogger<DecayAndNotifyService>.Instance);
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
        return result.Reviewed == Due ? result.Rescored : throw new InvalidOperationException($"Reviewed {result.Reviewed}, expected {Due}.");
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

    /// <summary>
    /// The lead store's decay paths with Table Storage's access costs: a lead's partition by key (hash lookup), the
    /// review index as an ordered range (sorted set), writes guarded by an ETag. Other paths are not part of a decay run.
    /// </summary>
    private sealed class IndexedLeadStore : ILeadStore
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<string, (Lead Lead, EngagementEvent[] Events)> _leads = new(StringComparer.Ordinal);
        private readonly SortedSet<(long Ticks, string LeadId)> _reviews = [];
        private long _version;

        public void Seed(Lead lead, EngagementEvent[] events)
        {
            lock (_gate)
            {
                if (_leads.TryGetValue(lead.LeadId, out var existing) && existing.Lead.Score?.DecayReviewDueAt is { } moved)
                {
                    _reviews.Remove((moved.UtcTicks, lead.LeadId));
                }

                _leads[lead.LeadId] = (lead with { ETag = NextETag() }, events);
                _reviews.Add((lead.Score!.DecayReviewDueAt!.Value.UtcTicks, lead.LeadId));
            }
        }

        public Task<IReadOnlyList<DecayReview>> GetDueDecayReviewsAsync(DateTimeOffset now, int maxCount, CancellationToken cancellationToken = default)
        {
            lock (_gate)
            {
                IReadOnlyList<DecayReview> due = [.. _reviews.GetViewBetween((long.MinValue, string.Empty), (now.UtcTicks, "\uffff"))
                    .Take(maxCount)
                    .Select(row => new DecayReview(row.LeadId, new DateTimeOffset(row.Ticks, TimeSpan.Zero)))];
                return Task.FromResult(due);
            }
        }

        public Task RemoveDecayReviewAsync(DecayReview review, CancellationToken cancellationToken = default)
        {
            lock (_gate)
            {
                _reviews.Remove((review.DueAt.UtcTicks, review.LeadId));
            }

            return Task.CompletedTask;
        }

        public Task<LeadScoringState?> GetScoringStateAsync(string leadId, CancellationToken cancellationToken = default)
        {
            lock (_gate)
            {
                return Task.FromResult(_leads.TryGetValue(leadId, out var row) ? new LeadScoringState(row.Lead, row.Events) : null);
            }
        }

        public Task<bool> TrySaveScoreAsync(Lead current, StoredScore score, SalesHandoff? handoff, DateTimeOffset now, CancellationToken cancellationToken = default)
        {
            lock (_gate)
            {
                if (!_leads.TryGetValue(current.LeadId, out var row) || row.Lead.ETag != current.ETag)
                {
                    return Task.FromResult(false);
                }

                if (score.DecayReviewDueAt is { } due)
                {
                    _reviews.Add((due.UtcTicks, current.LeadId));
                }

                if (current.Score?.DecayReviewDueAt is { } old && old != score.DecayReviewDueAt)
                {
                    _reviews.Remove((old.UtcTicks, current.LeadId));
                }

                _leads[current.LeadId] = (current with { Score = score, UpdatedAt = now, ETag = NextETag() }, row.Events);
                return Task.FromResult(true);
            }
        }

        public Task<IReadOnlyList<SalesHandoff>> GetDueHandoffsAsync(DateTimeOffset now, int maxCount, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<SalesHandoff>>([]);

        public Task<IReadOnlyList<SalesHandoff>> GetDueRemindersAsync(DateTimeOffset now, int maxCount, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<SalesHandoff>>([]);

        public Task<SalesHandoff?> GetHandoffAsync(string leadId, string handoffId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<SalesHandoff?> TryUpdateReminderAsync(SalesHandoff handoff, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<bool> IsSalesStatusRecordedAsync(string leadId, string externalId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<SalesSaveResult> TrySaveSalesActionAsync(Lead current, StoredScore score, string? externalId, DateTimeOffset now, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<Lead?> FindLeadByEmailAsync(string normalizedEmail, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<(Lead Lead, bool Created)> GetOrCreateLeadAsync(LeadProfile profile, LeadAttribution attribution, IReadOnlyList<StoredEvent>? firstEvents = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<Lead?> GetLeadAsync(string leadId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<bool> TryUpdateProfileAsync(Lead lead, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<EventAppendResult> AppendEventsAsync(string leadId, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<LeadPage> ListLeadsByStageAsync(LeadStage stage, string? continuationToken, int pageSize, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<LeadIdPage> ListLeadIdsAsync(string? continuationToken, int pageSize, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<SalesHandoff?> TryUpdateHandoffAsync(SalesHandoff handoff, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<SalesHandoff?> TryRecordHandoffSentAsync(SalesHandoff sent, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task EraseLeadAsync(string leadId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task CheckAvailabilityAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        private string NextETag() => (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
