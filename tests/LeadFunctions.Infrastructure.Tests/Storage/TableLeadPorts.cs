using Azure.Data.Tables;
using LeadFunctions.Infrastructure.Storage;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Infrastructure.Tests.Storage;

/// <summary>
/// Every lead port's table adapter over one <see cref="LeadTables"/>, as the app registers them: a write through one is
/// read through another, as in production.
/// </summary>
internal sealed class TableLeadPorts
{
    public TableLeadPorts(
        TableServiceClient service,
        IOptions<StorageOptions> options,
        TimeProvider clock,
        TableFunnelStore? funnel = null)
    {
        Tables = new LeadTables(service, options, clock);
        Funnel = funnel ?? new TableFunnelStore(service, options);
        Leads = new TableLeadRepository(Tables);
        Scores = new TableLeadScoreStore(Tables, Funnel);
        DecayReviews = new TableDecayReviewIndex(Tables);
        Outbox = new TableHandoffOutbox(Tables, Funnel);
        SalesActions = new TableSalesActionStore(Tables, Funnel);
        Erasure = new TableLeadErasure(Tables, Funnel);
        Health = new TableStorageHealth(Tables);
        Visitors = new TableVisitorStore(Tables);
    }

    public LeadTables Tables { get; }

    public TableFunnelStore Funnel { get; }

    public TableLeadRepository Leads { get; }

    public TableLeadScoreStore Scores { get; }

    public TableDecayReviewIndex DecayReviews { get; }

    public TableHandoffOutbox Outbox { get; }

    public TableSalesActionStore SalesActions { get; }

    public TableLeadErasure Erasure { get; }

    public TableStorageHealth Health { get; }

    public TableVisitorStore Visitors { get; }
}
