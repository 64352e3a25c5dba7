using System.Globalization;
using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Testing.Leads;

namespace LeadFunctions.Testing.Backtesting;

/// <summary>
/// Leads whose outcome sales recorded, seeded straight into an <see cref="InMemoryLeadTables"/> as the sales loop leaves
/// them (stage Won, Lost or Disqualified, the move into it in the stage history), for backtest tests and the benchmark.
/// </summary>
public static class OutcomeLeads
{
    private static readonly string[] Titles = ["Student", "Marketing Manager", "Director of Sales", "VP Marketing", "CEO"];
    private static readonly string[] Paths = ["/blog", "/pricing", "/compare/rival", "/docs", "/careers"];
    private static readonly string[] Types =
        ["Page Viewed", "Email Opened", "Email Link Clicked", "Content Downloaded", "Webinar Attended", "Feature Used"];

    private static readonly IReadOnlyDictionary<string, string>[] Properties = CreateProperties();

    /// <summary>
    /// Seeds one lead at <paramref name="outcome"/>, decided at <paramref name="outcomeAt"/>, with its events (a random
    /// id unless given).
    /// </summary>
    public static Lead Seed(
        InMemoryLeadTables store,
        LeadProfile profile,
        LeadStage outcome,
        DateTimeOffset outcomeAt,
        IEnumerable<EngagementEvent> events,
        string? leadId = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(events);
        var lead = new Lead
        {
            LeadId = leadId ?? Guid.NewGuid().ToString("N"),
            Profile = profile,
            CreatedAt = outcomeAt.AddDays(-60),
            UpdatedAt = outcomeAt,
            Score = Score(outcome, outcomeAt),
        };
        return store.Seed(lead, events.Select(e => new StoredEvent("seed", e)));
    }

    /// <summary>
    /// The stored score a lead has once sales recorded its outcome: the stage, and the moves through MQL and SQL into it
    /// (the move into the outcome at <paramref name="outcomeAt"/>). Its points are placeholders: a backtest rescores.
    /// </summary>
    public static StoredScore Score(LeadStage outcome, DateTimeOffset outcomeAt) => HistoryScores.With(
        [
            new StageChange(LeadStage.Lead, LeadStage.MQL, outcomeAt.AddDays(-20), "scores"),
            new StageChange(LeadStage.MQL, LeadStage.SQL, outcomeAt.AddDays(-10), "scores"),
            new StageChange(LeadStage.SQL, outcome, outcomeAt, "sales"),
        ],
        "D",
        outcomeAt);

    /// <summary>Seeds <see cref="Generate"/>'s leads.</summary>
    public static void SeedGenerated(InMemoryLeadTables store, int count, DateTimeOffset now, int seed = 13)
    {
        ArgumentNullException.ThrowIfNull(store);
        foreach (var lead in Generate(count, now, seed))
        {
            Seed(store, lead.Profile, lead.Outcome, lead.OutcomeAt, lead.Events, lead.LeadId);
        }
    }

    /// <summary>
    /// <paramref name="count"/> generated leads with <paramref name="minEvents"/> to <paramref name="maxEvents"/> events
    /// each over the 60 days before their outcome (outcomes spread over the 26 weeks before <paramref name="now"/>).
    /// Deterministic for a seed; about one in five is won, more often the more it engaged and the better it fits, so a
    /// sensible model ranks them better than chance.
    /// </summary>
    public static IReadOnlyList<OutcomeLead> Generate(int count, DateTimeOffset now, int seed = 13, int minEvents = 20, int maxEvents = 50)
    {
        var random = new Random(seed);
        var leads = new List<OutcomeLead>(count);
        for (var i = 0; i < count; i++)
        {
            var outcomeAt = now.AddMinutes(-random.Next(1, 26 * 7 * 24 * 60));
            var titleIndex = random.Next(Titles.Length);
            var events = Events(random, i, outcomeAt, random.Next(minEvents, maxEvents + 1));
            var intent = events.Count(e => e.GetProperty("path") is "/pricing" or "/compare/rival");
            var chance = 0.02 + (0.03 * titleIndex) + (0.01 * Math.Min(intent, 10));
            var outcome = random.NextDouble() < chance ? LeadStage.Won
                : random.Next(4) == 0 ? LeadStage.Disqualified : LeadStage.Lost;
            var profile = new LeadProfile
            {
                Email = string.Create(CultureInfo.InvariantCulture, $"lead{i}.{seed}@example.org"),
                JobTitle = Titles[titleIndex],
                CompanySize = random.Next(1, 5000),
                Industry = random.Next(2) == 0 ? "Software" : "Retail",
                Country = random.Next(2) == 0 ? "DE" : "US",
            };
            leads.Add(new OutcomeLead(random.GetHexString(32, lowercase: true), profile, outcome, outcomeAt, events));
        }

        return leads;
    }

    private static List<EngagementEvent> Events(Random random, int lead, DateTimeOffset outcomeAt, int count)
    {
        var events = new List<EngagementEvent>(count);
        for (var j = 0; j < count; j++)
        {
            events.Add(new EngagementEvent
            {
                EventId = string.Create(CultureInfo.InvariantCulture, $"e{lead}-{j}"),
                Type = Types[random.Next(Types.Length)],
                OccurredAt = outcomeAt.AddMinutes(-random.Next(1, 60 * 24 * 60)),
                Properties = Properties[random.Next(Properties.Length)],
            });
        }

        return events;
    }

    /// <summary>
    /// Every combination of the properties the default model's rules read (a page's path, an email's, a content's, a
    /// webinar's and a feature's id), shared between events: a benchmark of 100,000 leads holds millions of events.
    /// </summary>
    private static IReadOnlyDictionary<string, string>[] CreateProperties() =>
    [
        .. from path in Paths
           from index in Enumerable.Range(0, 12)
           select (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
           {
               ["path"] = path,
               ["emailId"] = "m" + (index % 10).ToString(CultureInfo.InvariantCulture),
               ["contentId"] = "c" + (index % 5).ToString(CultureInfo.InvariantCulture),
               ["webinarId"] = "w" + (index % 3).ToString(CultureInfo.InvariantCulture),
               ["feature"] = "f" + (index % 4).ToString(CultureInfo.InvariantCulture),
           },
    ];
}
