using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using LeadFunctions.Leads;
using LeadFunctions.Reporting;
using LeadFunctions.Testing.Leads;

namespace LeadFunctions.Benchmarks;

/// <summary>
/// One funnel report (a year, weekly cohorts or per campaign) as the number of leads grows: the real
/// <see cref="FunnelReportService"/> over the counters of the tests' <see cref="InMemoryFunnelStore"/>, which has the
/// table store's layout and read cost (a range read per month and kind, a page per 1,000 rows) and counts its requests.
/// The counters are recorded through the stores' own path (<see cref="FunnelEntries.Between"/>, then
/// <see cref="InMemoryFunnelStore.Record"/>, as <see cref="InMemoryLeadTables"/> does on each save), one journey per
/// lead. Flat means the report costs the periods and groups it shows, not the leads behind them. The storage requests
/// of one report are printed by the setup ("// funnel report: ...") and checked by every invocation.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 3, iterationCount: 15, invocationCount: 16)]
public class FunnelReportBenchmarks
{
    private static readonly DateTimeOffset Start = new(2025, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly string[] Sources = ["newsletter", "ads", "webinar", "partner"];
    private static readonly string[] Campaigns = ["=HYPERLINK(\"x\")", "spring", "summer", "autumn"];
    private static readonly string[] Grades = ["A", "B", "C", "D"];

    private FunnelReportService _service = null!;
    private InMemoryFunnelStore _funnel = null!;
    private long _requestsPerReport;

    [Params(10_000, 100_000, 1_000_000)]
    public int Leads { get; set; }

    [Params(FunnelGrouping.Week, FunnelGrouping.Campaign)]
    public FunnelGrouping By { get; set; }

    private FunnelQuery Query => new(new DateOnly(2025, 12, 1), new DateOnly(2026, 11, 30), By);

    [GlobalSetup]
    public void Setup()
    {
        _funnel = new InMemoryFunnelStore();
        for (var i = 0; i < Leads; i++)
        {
            var lead = NewLead(i);
            _funnel.Record(FunnelEntries.Between(lead, Journey(lead, i)));
            if (i % 40 == 7)
            {
                _funnel.Record([FunnelEntries.SlaOverdue(OverdueHandoff(lead))]);
            }
        }

        _service = new FunnelReportService(_funnel);
        var before = _funnel.Requests;
        var report = _service.GetAsync(Query).GetAwaiter().GetResult();
        _requestsPerReport = _funnel.Requests - before;
        Console.WriteLine(
            $"// funnel report: {Leads:N0} leads, by {By}: {_requestsPerReport} storage requests per report, "
            + $"{report.Stages[0].Entered:N0} entered Lead, {report.Groups.Count} rows");
    }

    [Benchmark]
    public async Task<long> Report()
    {
        var before = _funnel.Requests;
        var report = await _service.GetAsync(Query);
        var requests = _funnel.Requests - before;
        return requests == _requestsPerReport
            ? report.Stages[0].Entered
            : throw new InvalidOperationException($"{requests} requests, expected {_requestsPerReport}.");
    }

    /// <summary>
    /// Created over the year (7,919 is prime to the minutes of a year), a source, campaign and grade each, without
    /// randomness.
    /// </summary>
    private static Lead NewLead(int i) => new()
    {
        LeadId = i.ToString("x32", CultureInfo.InvariantCulture),
        Profile = new LeadProfile { Email = "bench@example.org" },
        Attribution = new LeadAttribution { UtmSource = Sources[i % Sources.Length], UtmCampaign = Campaigns[(i / 7) % Campaigns.Length] },
        CreatedAt = Start.AddMinutes((long)i * 7919 % 525_600),
        UpdatedAt = Start,
    };

    /// <summary>Every lead enters Lead; 40 % become MQLs, 15 % SQLs, 8 % SALs, 3 % are won, 3 % lost; some are recycled.</summary>
    private static Lead Journey(Lead lead, int i)
    {
        var history = new List<StageChange>();
        var at = lead.CreatedAt;
        var share = i % 100;
        (LeadStage To, int Percent)[] path =
            [(LeadStage.MQL, 40), (LeadStage.SQL, 15), (LeadStage.SAL, 8), (share % 2 == 0 ? LeadStage.Won : LeadStage.Lost, 6)];
        var from = LeadStage.Lead;
        foreach (var (to, percent) in path.TakeWhile(step => share < step.Percent))
        {
            at = at.AddDays(1 + (i % 6)).AddHours(i % 24);
            history.Add(new StageChange(from, to, at, "bench"));
            from = to;
        }

        if (from is LeadStage.SQL && i % 3 == 0)
        {
            history.Add(new StageChange(from, LeadStage.Recycled, at.AddDays(2), "bench"));
        }

        return lead with { Score = HistoryScores.With(history, Grades[i % Grades.Length], Start) };
    }

    private static SalesHandoff OverdueHandoff(Lead lead) => new()
    {
        HandoffId = SalesHandoff.IdFor(lead.CreatedAt),
        LeadId = lead.LeadId,
        QualifiedAt = lead.CreatedAt,
        Reminder = new HandoffReminder { DueAt = lead.CreatedAt.AddDays(1) },
    };
}
