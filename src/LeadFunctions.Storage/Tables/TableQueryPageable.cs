using System.Runtime.CompilerServices;
using Azure;

namespace LeadFunctions.Storage.Tables;

/// <summary>The pages of a query, fetched one request at a time while the service returns continuation tokens.</summary>
internal sealed class TableQueryPageable<T>(TableClient client, string? filter, int? maxPerPage, string? select, CancellationToken cancellationToken)
    : AsyncPageable<T>(cancellationToken)
    where T : TableEntity, new()
{
    public override async IAsyncEnumerable<Page<T>> AsPages(string? continuationToken = null, int? pageSizeHint = null)
    {
        do
        {
            Page<T> page = await client.QueryPageAsync<T>(filter, pageSizeHint ?? maxPerPage, select, continuationToken, CancellationToken)
                .ConfigureAwait(false);
            continuationToken = page.ContinuationToken;
            yield return page;
        }
        while (!string.IsNullOrEmpty(continuationToken));
    }
}
