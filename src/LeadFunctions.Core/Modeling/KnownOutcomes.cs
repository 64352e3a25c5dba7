using LeadFunctions.Leads;

namespace LeadFunctions.Modeling;

/// <summary>
/// Reads the leads whose outcome is known: those at Won (positive), Lost or Disqualified (negative), through the stage
/// index a page at a time, each with the time it last moved into that stage. Keeps the most recent ones only, so memory
/// stays bounded however many outcomes there are.
/// </summary>
public static class KnownOutcomes
{
    /// <summary>The most leads a read keeps (the most recent outcomes); a constant, not a setting.</summary>
    public const int MaxLeads = 50_000;

    /// <summary>Index rows per page (a Table Storage query page holds at most 1,000).</summary>
    public const int PageSize = 1_000;

    /// <summary>The stages that are an outcome.</summary>
    public static IReadOnlyList<LeadStage> Stages { get; } = [LeadStage.Won, LeadStage.Lost, LeadStage.Disqualified];

    /// <summary>
    /// The <paramref name="maxLeads"/> most recent outcomes (ties broken by lead id), ordered by lead id, and how many
    /// outcomes were found in all.
    /// </summary>
    public static async Task<(IReadOnlyList<KnownOutcome> Outcomes, int Found)> ReadAsync(
        ILeadStore store,
        int maxLeads = MaxLeads,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLeads, 1);
        var kept = new PriorityQueue<KnownOutcome, (long Ticks, string LeadId)>(Comparer<(long Ticks, string LeadId)>.Create(
            (a, b) => a.Ticks != b.Ticks ? a.Ticks.CompareTo(b.Ticks) : string.CompareOrdinal(a.LeadId, b.LeadId)));
        var found = 0;
        foreach (var stage in Stages)
        {
            string? continuationToken = null;
            do
            {
                var page = await store.ListLeadsByStageAsync(stage, continuationToken, PageSize, cancellationToken);
                foreach (var lead in page.Leads)
                {
                    found++;
                    var outcome = new KnownOutcome(lead.LeadId, stage, OutcomeTime(lead, stage));
                    Keep(kept, outcome, maxLeads);
                }

                continuationToken = page.ContinuationToken;
            }
            while (continuationToken is not null);
        }

        return ([.. kept.UnorderedItems.Select(item => item.Element).OrderBy(outcome => outcome.LeadId, StringComparer.Ordinal)], found);
    }

    /// <summary>Adds the outcome while fewer than <paramref name="maxLeads"/> are kept; then it replaces the oldest if newer.</summary>
    private static void Keep(PriorityQueue<KnownOutcome, (long Ticks, string LeadId)> kept, KnownOutcome outcome, int maxLeads)
    {
        if (kept.Count < maxLeads)
        {
            kept.Enqueue(outcome, (outcome.At.UtcTicks, outcome.LeadId));
        }
        else
        {
            kept.EnqueueDequeue(outcome, (outcome.At.UtcTicks, outcome.LeadId));
        }
    }

    /// <summary>When the lead last moved into <paramref name="stage"/>; its last update when its history does not say.</summary>
    public static DateTimeOffset OutcomeTime(Lead lead, LeadStage stage)
    {
        ArgumentNullException.ThrowIfNull(lead);
        var history = lead.Score?.StageHistory ?? [];
        for (var i = history.Count - 1; i >= 0; i--)
        {
            if (history[i].To == stage)
            {
                return history[i].At;
            }
        }

        return lead.UpdatedAt;
    }
}
