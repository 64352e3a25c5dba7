using LeadFunctions.Modeling;
using LeadFunctions.Scoring;
using LeadFunctions.Suggestions;
using LeadFunctions.Testing.Leads;
using LeadFunctions.Testing.Modeling;
using LeadFunctions.Testing.Suggestions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LeadFunctions.Core.Tests.Modeling;

/// <summary>
/// Suggestions over <see cref="PlantedSignalLeads"/> (2,000 leads, seed 22) in the in-memory lead tables, through the
/// real job (<see cref="SuggestionService"/>, the queue drained into <see cref="SuggestionPageHandler"/>), each set of
/// options fitted once and shared by the tests that read it.
/// </summary>
internal static class PlantedSuggestions
{
    public const int Leads = 2_000;

    public static readonly DateTimeOffset Now = new(2027, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<InMemoryLeadTables> Store = new(() =>
    {
        var store = new InMemoryLeadTables();
        PlantedSignalLeads.Seed(store, PlantedSignalLeads.Generate(Leads, Now));
        return store;
    });

    private static readonly Dictionary<string, Task<PointsSuggestion>> Results = [];

    /// <summary>The suggestion for <paramref name="options"/>, computed once per <paramref name="name"/>.</summary>
    public static Task<PointsSuggestion> SuggestAsync(string name, SuggestionOptions options)
    {
        lock (Results)
        {
            if (!Results.TryGetValue(name, out var result))
            {
                Results[name] = result = RunAsync(options);
            }

            return result;
        }
    }

    /// <summary>The leads as stored, to score a candidate exactly.</summary>
    public static InMemoryLeadTables Tables => Store.Value;

    private static async Task<PointsSuggestion> RunAsync(SuggestionOptions options)
    {
        var clock = new FakeTimeProvider(Now);
        var (store, queue) = (new InMemorySuggestionStore(), new InMemorySuggestionQueue());
        var live = new LeadScorer(ScoringModel.Default, clock);
        var service = new SuggestionService(store, queue, live, clock, NullLogger<SuggestionService>.Instance);
        var handler = new SuggestionPageHandler(
            store, queue, new KnownOutcomes(Tables.Leads, Tables.Scores), live, clock, NullLogger<SuggestionPageHandler>.Instance);
        var job = await service.StartAsync(options);
        await queue.DrainAsync(message => handler.HandleAsync(message));
        var (done, result) = (await service.GetAsync(job.Id))!.Value;
        return result ?? throw new InvalidOperationException(done.FailureReason);
    }
}
