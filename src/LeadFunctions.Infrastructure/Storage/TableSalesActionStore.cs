using Azure.Data.Tables;
using LeadFunctions.Leads;
using LeadFunctions.Sales;

namespace LeadFunctions.Infrastructure.Storage;

/// <summary>
/// <see cref="ISalesActionStore"/> on the lead tables: a sales action is one entity group transaction of the lead row
/// (guarded by its ETag), the receipt row of its external id in the lead's partition (an insert: a replay conflicts)
/// and the funnel's journal rows; the new stage's index row is written before, the old one removed after.
/// See docs/storage-design.md.
/// </summary>
public sealed class TableSalesActionStore(LeadTables tables, TableFunnelStore funnel) : ISalesActionStore
{
    public async Task<bool> IsSalesStatusRecordedAsync(string leadId, string externalId, CancellationToken cancellationToken = default) =>
        await GetSalesStatusReceiptAsync(leadId, externalId, cancellationToken) is not null;

    public async Task<SalesStatusReceipt?> GetSalesStatusReceiptAsync(
        string leadId,
        string externalId,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(externalId);
        if (!Lead.IsValidLeadId(leadId))
        {
            return null;
        }

        await tables.EnsureTablesAsync(cancellationToken);
        var receipt = await tables.Leads.GetEntityIfExistsAsync<TableEntity>(
            leadId,
            LeadKeys.SalesStatusRow(externalId),
            LeadEntityMapper.SalesStatusColumns,
            cancellationToken);
        return receipt.HasValue ? LeadEntityMapper.ToSalesStatusReceipt(externalId, receipt.Value!) : null;
    }

    public async Task<SalesSaveResult> TrySaveSalesActionAsync(
        Lead current,
        StoredScore score,
        SalesStatusReceipt? receipt,
        DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(score);
        await tables.EnsureTablesAsync(cancellationToken);
        var leadId = current.LeadId;
        await StageIndex.EnterAsync(tables.Stages, current, score, cancellationToken);
        var updated = current with { Score = score, UpdatedAt = now };
        var entries = await funnel.PrepareAsync(current, updated, cancellationToken);

        // The lead (guarded by its ETag) and the receipt of the external id in one entity group transaction: a replay's
        // receipt insert conflicts, so a status is recorded once however often the CRM sends it.
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, LeadEntityMapper.LeadEntity(updated), StageIndex.ETagOf(current)),
        };
        if (receipt is not null)
        {
            var receiptRow = LeadEntityMapper.SalesStatusEntity(leadId, receipt, score.StageHistory[^1], now);
            actions.Add(new(TableTransactionActionType.Add, receiptRow));
        }

        actions.AddRange(TableFunnelStore.JournalActions(entries));
        var previous = StageIndex.PreviousStage(current);
        try
        {
            await tables.Leads.SubmitTransactionAsync(actions, cancellationToken);
        }
        catch (TableTransactionFailedException exception) when (exception.Status is 404 or 409 or 412)
        {
            if (exception.Status == 404)
            {
                await StageIndex.ForgetAsync(tables.Stages, leadId, previous, score.Stage, cancellationToken);
                await funnel.ForgetAsync(entries, cancellationToken);
            }

            return exception.Status switch
            {
                409 when exception.FailedTransactionActionIndex == 1 => SalesSaveResult.AlreadyRecorded,
                404 => SalesSaveResult.NotFound,
                _ => SalesSaveResult.Changed,
            };
        }

        await funnel.ApplyAsync(entries, cancellationToken);
        await StageIndex.LeaveAsync(tables.Stages, leadId, previous, score.Stage, cancellationToken);
        return SalesSaveResult.Saved;
    }
}
