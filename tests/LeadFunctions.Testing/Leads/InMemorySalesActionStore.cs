using LeadFunctions.Leads;
using LeadFunctions.Reporting;
using LeadFunctions.Sales;

namespace LeadFunctions.Testing.Leads;

/// <summary><see cref="ISalesActionStore"/> over <see cref="InMemoryLeadTables"/>, as TableSalesActionStore is over the tables.</summary>
public sealed class InMemorySalesActionStore : ISalesActionStore
{
    private readonly InMemoryLeadTables _tables;

    internal InMemorySalesActionStore(InMemoryLeadTables tables) => _tables = tables;

    public Task<bool> IsSalesStatusRecordedAsync(string leadId, string externalId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(externalId);
        lock (_tables.Gate)
        {
            return Task.FromResult(
                Lead.IsValidLeadId(leadId) && _tables.Partitions.GetValueOrDefault(leadId)?.Receipts.ContainsKey(externalId) == true);
        }
    }

    public Task<SalesStatusReceipt?> GetSalesStatusReceiptAsync(
        string leadId,
        string externalId,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(externalId);
        lock (_tables.Gate)
        {
            return Task.FromResult(
                Lead.IsValidLeadId(leadId) ? _tables.Partitions.GetValueOrDefault(leadId)?.Receipts.GetValueOrDefault(externalId) : null);
        }
    }

    public Task<SalesSaveResult> TrySaveSalesActionAsync(
        Lead current,
        StoredScore score,
        SalesStatusReceipt? receipt,
        DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(score);
        var leadId = current.LeadId;
        var previousStage = InMemoryLeadTables.PreviousStage(current);
        lock (_tables.Gate)
        {
            _tables.EnterStage(current, score);

            // The lead row first, then the receipt, as in the table adapter's transaction: the first that fails decides.
            var etag = current.ETag ?? throw new ArgumentException("The lead has no ETag.", nameof(current));
            if (_tables.Live(leadId) is not { } partition)
            {
                _tables.ForgetStage(leadId, previousStage, score.Stage);
                return Task.FromResult(SalesSaveResult.NotFound);
            }

            if (!InMemoryLeadTables.Matches(partition.Lead.ETag, etag))
            {
                return Task.FromResult(SalesSaveResult.Changed);
            }

            if (receipt is not null
                && !partition.Receipts.TryAdd(receipt.ExternalId, receipt with { Status = score.StageHistory[^1].Action }))
            {
                return Task.FromResult(SalesSaveResult.AlreadyRecorded);
            }

            partition.Lead = current with { Score = score, UpdatedAt = now, ETag = _tables.NextETag() };
            _tables.Funnel.Record(FunnelEntries.Between(current, partition.Lead));
            _tables.LeaveStage(leadId, previousStage, score.Stage);
            return Task.FromResult(SalesSaveResult.Saved);
        }
    }
}
