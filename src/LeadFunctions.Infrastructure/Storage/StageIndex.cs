using Azure;
using Azure.Data.Tables;
using LeadFunctions.Leads;
using LeadFunctions.Modeling;

namespace LeadFunctions.Infrastructure.Storage;

/// <summary>
/// The stage index's rows (partition: the stage; row: the lead id), as every save that moves a lead writes them: the new
/// stage's row before the lead (idempotent; verified against the lead when read), the old one after (best effort).
/// </summary>
internal static class StageIndex
{
    /// <summary>A stage index row's exact UTC ticks of the lead's last move into the stage.</summary>
    public const string EnteredAtProperty = "EnteredAtTicks";

    /// <summary>The stage the lead's index row is under: none before its first score.</summary>
    public static LeadStage? PreviousStage(Lead lead) => lead.Score is null ? null : lead.Stage;

    /// <summary>The lead's ETag, the If-Match of every write that replaces its row.</summary>
    public static ETag ETagOf(Lead lead) => new(lead.ETag ?? throw new ArgumentException("The lead has no ETag.", nameof(lead)));

    /// <summary>
    /// The lead's row in its new stage's index partition, written before the lead (idempotent; verified when read), with
    /// when it moved into the stage (<see cref="EnteredAtProperty"/>), so the newest of a stage are found from the index.
    /// </summary>
    public static async Task EnterAsync(TableClient stages, Lead current, StoredScore score, CancellationToken cancellationToken)
    {
        if (PreviousStage(current) != score.Stage)
        {
            var row = new TableEntity(score.Stage.ToString(), current.LeadId);
            if (KnownOutcomes.OutcomeTime(current with { Score = score }, score.Stage) is { } enteredAt)
            {
                row[EnteredAtProperty] = enteredAt.UtcTicks;
            }

            await stages.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
        }
    }

    /// <summary>The old stage's index row, stale once the lead moved: best effort (readers skip stale rows anyway).</summary>
    public static async Task LeaveAsync(
        TableClient stages,
        string leadId,
        LeadStage? previous,
        LeadStage next,
        CancellationToken cancellationToken)
    {
        if (previous is { } old && old != next)
        {
            await LeadTables.DeleteIfExistsAsync(stages, old.ToString(), leadId, cancellationToken);
        }
    }

    /// <summary>The new stage's index row of a save refused because its lead is gone: it names a lead never back.</summary>
    public static async Task ForgetAsync(
        TableClient stages,
        string leadId,
        LeadStage? previous,
        LeadStage next,
        CancellationToken cancellationToken)
    {
        if (previous != next)
        {
            await LeadTables.DeleteIfExistsAsync(stages, next.ToString(), leadId, cancellationToken);
        }
    }
}
