using Azure;
using LeadFunctions.Storage.Tables;
using LeadFunctions.Testing.Azurite;

namespace LeadFunctions.Storage.Tests.Tables;

[Collection(AzuriteTests.Name)]
public sealed class TableQueryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_query_over_1200_entities_follows_continuation_tokens_across_pages()
    {
        TableClient table = await StorageFactory.NewTableAsync(azurite);
        await InsertAsync(table, partitions: 3, perPartition: 400);

        var pages = new List<int>();
        var keys = new HashSet<string>();
        await foreach (Page<TableEntity> page in table.QueryAsync<TableEntity>().AsPages())
        {
            pages.Add(page.Values.Count);
            keys.UnionWith(page.Values.Select(entity => entity.PartitionKey + "/" + entity.RowKey));
        }

        Assert.True(pages.Count >= 2, $"Expected several pages, got {pages.Count}.");
        Assert.All(pages, count => Assert.InRange(count, 0, 1000));
        Assert.Equal(1200, keys.Count);
        Assert.Equal(1200, pages.Sum());
    }

    [Fact]
    public async Task maxPerPage_bounds_each_page_and_enumerating_items_reads_every_page()
    {
        TableClient table = await StorageFactory.NewTableAsync(azurite);
        await InsertAsync(table, partitions: 1, perPartition: 250);

        var pageSizes = new List<int>();
        await foreach (Page<TableEntity> page in table.QueryAsync<TableEntity>(maxPerPage: 100).AsPages())
        {
            pageSizes.Add(page.Values.Count);
        }

        int items = 0;
        await foreach (TableEntity entity in table.QueryAsync<TableEntity>(maxPerPage: 100))
        {
            items++;
        }

        Assert.Equal([100, 100, 50], pageSizes);
        Assert.Equal(250, items);
        Assert.Throws<ArgumentOutOfRangeException>(() => table.QueryAsync<TableEntity>(maxPerPage: 1001));
    }

    [Fact]
    public async Task A_hostile_row_key_in_a_filter_matches_exactly_that_entity()
    {
        TableClient table = await StorageFactory.NewTableAsync(azurite);
        const string Hostile = "x' or PartitionKey ne '";
        await table.AddEntityAsync(new TableEntity("p", Hostile));
        await table.AddEntityAsync(new TableEntity("p", "a"));
        await table.AddEntityAsync(new TableEntity("q", "b"));

        List<TableEntity> escaped = await ToListAsync(table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {Hostile}")));
#pragma warning disable CA1307 // The naive filter is built on purpose to show what the escaping prevents.
        List<TableEntity> concatenated = await ToListAsync(table.QueryAsync<TableEntity>("RowKey eq '" + Hostile + "'"));
#pragma warning restore CA1307

        Assert.Equal(Hostile, Assert.Single(escaped).RowKey);
        Assert.Equal(3, concatenated.Count);
    }

    [Fact]
    public async Task Filters_compare_typed_values_with_their_OData_literals()
    {
        TableClient table = await StorageFactory.NewTableAsync(azurite);
        var when = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var id = Guid.NewGuid();
        await table.AddEntityAsync(new TableEntity("p", "match")
        {
            ["Big"] = 5_000_000_000L, ["When"] = when, ["Id"] = id, ["Flag"] = true, ["Ratio"] = 2.0, ["Count"] = 7,
        });
        await table.AddEntityAsync(new TableEntity("p", "other")
        {
            ["Big"] = 1L, ["When"] = when.AddDays(-1), ["Id"] = Guid.NewGuid(), ["Flag"] = false, ["Ratio"] = 0.5, ["Count"] = 1,
        });

        string filter = TableClient.CreateQueryFilter(
            $"Big eq {5_000_000_000L} and When ge {when} and Id eq {id} and Flag eq {true} and Ratio eq {2.0} and Count gt {6}");
        List<TableEntity> found = await ToListAsync(table.QueryAsync<TableEntity>(filter, select: ["Count"]));

        TableEntity only = Assert.Single(found);
        Assert.Equal(7, only.GetInt32("Count"));
        Assert.False(only.ContainsKey("Big"));
    }

    private static async Task InsertAsync(TableClient table, int partitions, int perPartition)
    {
        for (int p = 0; p < partitions; p++)
        {
            for (int start = 0; start < perPartition; start += 100)
            {
                IEnumerable<TableTransactionAction> batch = Enumerable.Range(start, Math.Min(100, perPartition - start))
                    .Select(i => new TableTransactionAction(
                        TableTransactionActionType.Add,
                        new TableEntity($"p{p}", i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)) { ["N"] = i }));
                await table.SubmitTransactionAsync(batch);
            }
        }
    }

    private static async Task<List<TableEntity>> ToListAsync(AsyncPageable<TableEntity> query)
    {
        var list = new List<TableEntity>();
        await foreach (TableEntity entity in query)
        {
            list.Add(entity);
        }

        return list;
    }
}
