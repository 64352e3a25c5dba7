using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Scoring;

namespace LeadFunctions.Benchmarks.Cpu;

/// <summary>
/// The new scorer's steps and its per-event operations, each timed on its own over the benchmark's lead (events in
/// time order): a profile of where a score's time goes, as the harness measures it.
/// </summary>
internal static class ScoringSections
{
    public static CpuMeasurement[] For(ScoringBenchmarks benchmarks)
    {
        var scorer = benchmarks.Scorer;
        var model = scorer.Model;
        var events = benchmarks.EventsInTimeOrder;
        var asOf = ScoringBenchmarks.ScoringTime;
        var fit = new FitScorer(model);
        var engagement = new EngagementScorer(model);
        var contributions = new List<ScoreContribution>();
        return
        [
            new("whole score", () => scorer.Score(benchmarks.Profile, events, LeadStanding.New, asOf)),
            new("fit step", () =>
            {
                contributions.Clear();
                fit.Score(benchmarks.Profile, LeadAttribution.None, contributions);
            }),
            new("machine engagement (classify)", () => MachineEngagementClassifier.Default.Classify(events)),
            new("engagement step", () =>
            {
                var scratch = ScoringScratch.Rent();
                engagement.Score(events, asOf, scratch, MachineVerdicts.None);
                ScoringScratch.Return(scratch);
            }),
            new("event order (ChronologicalEvents)", () =>
            {
                using var chronological = new ChronologicalEvents(events);
            }),
            new("200 ids into a cleared set", () => AddIds(events)),
            new("200 event-type lookups", () => LookUpTypes(model, events)),
            new("200 reads of one property", () => ReadProperty(events)),
            new("200 emailId values into a cleared set", () => AddValues(events, "emailId")),
            new("200 decay factors", () => DecayFactors(events, asOf)),
        ];
    }

    [ThreadStatic]
    private static HashSet<string>? _ids;

    private static void AddIds(EngagementEvent[] events)
    {
        var ids = _ids ??= new HashSet<string>(StringComparer.Ordinal);
        ids.Clear();
        foreach (var engagementEvent in events)
        {
            ids.Add(engagementEvent.EventId);
        }

    }

    [ThreadStatic]
    private static HashSet<string>? _values;

    private static void AddValues(EngagementEvent[] events, string property)
    {
        var values = _values ??= new HashSet<string>(StringComparer.Ordinal);
        values.Clear();
        foreach (var engagementEvent in events)
        {
            values.Add(engagementEvent.Properties[property]);
        }
    }

    private static int LookUpTypes(ScoringModel model, EngagementEvent[] events)
    {
        var found = 0;
        foreach (var engagementEvent in events)
        {
            found += model.TryGetEventType(engagementEvent.Type, out _) ? 1 : 0;
        }

        return found;
    }

    private static int ReadProperty(EngagementEvent[] events)
    {
        var found = 0;
        foreach (var engagementEvent in events)
        {
            found += engagementEvent.GetProperty("path") is null ? 0 : 1;
        }

        return found;
    }

    private static double DecayFactors(EngagementEvent[] events, DateTimeOffset asOf)
    {
        var halfLife = (double)TimeSpan.FromDays(14).Ticks;
        double sum = 0;
        foreach (var engagementEvent in events)
        {
            sum += DecayArithmetic.Factor(halfLife, asOf.UtcTicks - engagementEvent.OccurredAt.UtcTicks);
        }

        return sum;
    }
}
