using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using LeadFunctions.Benchmarks.Baseline;
using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Scoring;

namespace LeadFunctions.Benchmarks;

/// <summary>
/// Scoring one lead with 200 events: <see cref="LeadScorer"/> against its own earlier version
/// (<see cref="BaselineLeadScorer"/>, kept in Baseline/ as it was before it was made faster), so one run reports the
/// ratio and the allocations of both. The raw case is the least any scorer must do for the same input: one pass that
/// skips duplicate ids, decays each event's points and sums them. The model sizes show that allocations do not grow
/// with the number of rules. Setup fails when the two scorers disagree on any of the leads it checks.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class ScoringBenchmarks
{
    private const string TimeOrder = "time order";
    private const string Shuffled = "shuffled";
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private LeadScorer _scorer = null!;
    private BaselineLeadScorer _baseline = null!;
    private LeadProfile _profile = null!;
    private EngagementEvent[] _events = null!;
    private EngagementEvent[] _shuffled = null!;
    private EngagementEvent[] _stored = null!;

    [Params(19, 219)]
    public int Rules { get; set; }

    /// <summary>The scoring time of every case.</summary>
    internal static DateTimeOffset ScoringTime => Now;

    internal LeadScorer Scorer => _scorer;

    internal LeadProfile Profile => _profile;

    /// <summary>The 200 events, in time order.</summary>
    internal EngagementEvent[] EventsInTimeOrder => _events;

    [GlobalSetup]
    public void Setup()
    {
        var model = ModelWithRules(Rules);
        _scorer = new LeadScorer(model, TimeProvider.System);
        _baseline = new BaselineLeadScorer(model, TimeProvider.System);
        _profile = new LeadProfile
        {
            Email = "dana@northwind.example",
            JobTitle = "Director of Marketing",
            CompanySize = 400,
            Industry = "Software",
            Country = "DE",
            Budget = 60000,
            TimelineMonths = 3,
            Need = "We lose leads between marketing and sales",
        };
        _events = Events(200);

        // As the events store returns them (time order), and shuffled (any order) to show what sorting costs.
        _shuffled = [.. _events];
        new Random(42).Shuffle(_shuffled);

        // The same events as the Leads table's mapper reads them since issue 22: their properties in
        // EventPropertyDictionary (a few pairs scanned ignoring case) instead of a case-insensitive Dictionary.
        _stored = [.. _events.Select(e => e with { Properties = EventPropertyDictionary.Create([.. e.Properties]) })];
        CheckSameScores();
    }

    [Benchmark(Baseline = true, Description = "baseline LeadScorer (200 events, time order)")]
    [BenchmarkCategory(TimeOrder)]
    public LeadScore BaselineScore() => _baseline.Score(_profile, _events, LeadStanding.New, Now);

    [Benchmark(Description = "LeadScorer.Score (200 events, time order)")]
    [BenchmarkCategory(TimeOrder)]
    public LeadScore Score() => _scorer.Score(_profile, _events, LeadStanding.New, Now);

    [Benchmark(Baseline = true, Description = "baseline LeadScorer (200 events, shuffled)")]
    [BenchmarkCategory(Shuffled)]
    public LeadScore BaselineScoreShuffled() => _baseline.Score(_profile, _shuffled, LeadStanding.New, Now);

    [Benchmark(Description = "LeadScorer.Score (200 events, shuffled)")]
    [BenchmarkCategory(Shuffled)]
    public LeadScore ScoreShuffled() => _scorer.Score(_profile, _shuffled, LeadStanding.New, Now);

    [Benchmark(Description = "LeadScorer.Score (200 events as read from storage, time order)")]
    [BenchmarkCategory(TimeOrder)]
    public LeadScore ScoreStored() => _scorer.Score(_profile, _stored, LeadStanding.New, Now);

    [Benchmark(Description = "raw: dedupe + decay + sum (shuffled)")]
    [BenchmarkCategory(Shuffled)]
    public decimal RawDecayedSum()
    {
        var seen = new HashSet<string>(_events.Length, StringComparer.Ordinal);
        decimal total = 0;
        foreach (var e in _shuffled)
        {
            if (seen.Add(e.EventId))
            {
                var factor = Math.Pow(2, -(double)(Now - e.OccurredAt).Ticks / TimeSpan.FromDays(30).Ticks);
                total += Math.Round(5m * (decimal)factor, 2);
            }
        }

        return total;
    }

    /// <summary>
    /// Both scorers on the benchmark's leads and on variants that take the other paths (duplicate ids, unknown types,
    /// future events, each kind of standing): throws at the first difference, so no figure is reported for a scorer
    /// that scores differently.
    /// </summary>
    private void CheckSameScores()
    {
        var recycledAt = Now.AddDays(-20);
        LeadStanding[] standings =
        [
            LeadStanding.New,
            new(LeadStage.MQL, [new StageChange(LeadStage.Lead, LeadStage.MQL, Now.AddDays(-40), "mql")]),
            new(LeadStage.SQL, [new StageChange(LeadStage.MQL, LeadStage.SQL, Now.AddDays(-40), "sql")]),
            new(LeadStage.Recycled, [new StageChange(LeadStage.SQL, LeadStage.Recycled, recycledAt, "recycled")]),
            new(LeadStage.SAL, [new StageChange(LeadStage.SQL, LeadStage.SAL, Now.AddDays(-40), "accepted")]),
        ];
        EngagementEvent[] odd =
        [
            new() { EventId = "evt-0003", Type = "Demo Requested", OccurredAt = Now.AddDays(-1) },
            new() { EventId = "late", Type = "Page Viewed", OccurredAt = Now.AddMinutes(5) },
            new() { EventId = "unknown", Type = "Not A Type", OccurredAt = Now.AddDays(-2) },
        ];
        EngagementEvent[][] leads = [_events, _shuffled, _stored, [.. _shuffled, .. odd], _events[..3], [], Events(2000)];
        var profiles = new[] { _profile, new LeadProfile { Email = "x@gmail.com", JobTitle = "Student" } };
        foreach (var (events, standing, profile) in
            from events in leads from standing in standings from profile in profiles select (events, standing, profile))
        {
            var expected = _baseline.Score(profile, events, standing, Now);
            if (ScoreComparison.FirstDifference(expected, _scorer.Score(profile, events, standing, Now)) is { } difference)
            {
                throw new InvalidOperationException($"LeadScorer differs from the baseline ({events.Length} events): {difference}");
            }
        }
    }

    private static EngagementEvent[] Events(int count)
    {
        string[] types =
        [
            "Page Viewed",
            "Email Opened",
            "Email Link Clicked",
            "Feature Used",
            "Content Downloaded",
            "Webinar Attended",
            "Form Submitted",
            "Demo Requested",
        ];
        return [.. Enumerable.Range(0, count).Select(i => new EngagementEvent
        {
            EventId = $"evt-{i:D4}",
            Type = types[i % types.Length],
            OccurredAt = Now.AddHours((i - count) * 5.5),
            Properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["path"] = i % 3 == 0 ? "/pricing" : "/blog/post-" + i,
                ["emailId"] = "campaign-" + (i % 9),
                ["feature"] = "feature-" + (i % 6),
                ["contentId"] = "ebook-" + (i % 4),
            },
        })];
    }

    /// <summary>The default model, padded with rules for event types the input never has.</summary>
    private static ScoringModel ModelWithRules(int count)
    {
        using var stream = typeof(ScoringModel).Assembly.GetManifestResourceStream("LeadFunctions.Scoring.scoring-model.json")!;
        var document = JsonNode.Parse(stream, documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;
        var rules = document["engagement"]!["rules"]!.AsArray();
        for (var i = rules.Count; i < count; i++)
        {
            rules.Add(new JsonObject
            {
                ["id"] = $"padding-{i}",
                ["eventType"] = $"Padding Event {i}",
                ["points"] = 1,
                ["cap"] = 5,
            });
        }

        return ScoringModel.Parse(document.ToJsonString());
    }
}
