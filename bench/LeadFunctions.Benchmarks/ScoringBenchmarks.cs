using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Scoring;

namespace LeadFunctions.Benchmarks;

/// <summary>
/// Scoring one lead with 200 events. The baseline is the least any scorer must do for the same input: one pass
/// that skips duplicate ids, decays each event's points and sums them. The model sizes show that allocations do
/// not grow with the number of rules.
/// </summary>
[MemoryDiagnoser]
public class ScoringBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private LeadScorer _scorer = null!;
    private LeadProfile _profile = null!;
    private EngagementEvent[] _events = null!;
    private EngagementEvent[] _shuffled = null!;

    [Params(19, 219)]
    public int Rules { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _scorer = new LeadScorer(ModelWithRules(Rules), TimeProvider.System);
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
        _events = [.. Enumerable.Range(0, 200).Select(i => new EngagementEvent
        {
            EventId = $"evt-{i:D4}",
            Type = types[i % types.Length],
            OccurredAt = Now.AddHours((i - 200) * 5.5),
            Properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["path"] = i % 3 == 0 ? "/pricing" : "/blog/post-" + i,
                ["emailId"] = "campaign-" + (i % 9),
                ["feature"] = "feature-" + (i % 6),
                ["contentId"] = "ebook-" + (i % 4),
            },
        })];

        // As the events store returns them (time order), and shuffled (any order) to show what sorting costs.
        _shuffled = [.. _events];
        new Random(42).Shuffle(_shuffled);
    }

    [Benchmark(Baseline = true, Description = "raw: dedupe + decay + sum")]
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

    [Benchmark(Description = "LeadScorer.Score (200 events, time order)")]
    public LeadScore Score() => _scorer.Score(_profile, _events, LeadStanding.New, Now);

    [Benchmark(Description = "LeadScorer.Score (200 events, shuffled)")]
    public LeadScore ScoreShuffled() => _scorer.Score(_profile, _shuffled, LeadStanding.New, Now);

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
