using Azure;
using LeadFunctions.Storage.Tables;
using LeadFunctions.Storage.Tests.Pipeline;
using LeadFunctions.Testing.Azurite;

namespace LeadFunctions.Storage.Tests.Tables;

[Collection(AzuriteTests.Name)]
public sealed class TableTransactionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_transaction_of_100_inserts_applies_them_all()
    {
        TableClient table = await StorageFactory.NewTableAsync(azurite);
        var actions = Enumerable.Range(0, 100)
            .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", $"r{i:D3}") { ["N"] = i }))
            .ToList();

        Response<IReadOnlyList<Response>> response = await table.SubmitTransactionAsync(actions);

        Assert.Equal(100, response.Value.Count);
        Assert.All(response.Value, item => Assert.Equal(204, item.Status));
        Assert.All(response.Value, item => Assert.NotNull(item.Headers.ETag));
        Assert.Equal(100, await CountAsync(table));
    }

    [Fact]
    public async Task A_transaction_mixes_upserts_conditional_updates_and_deletes()
    {
        TableClient table = await StorageFactory.NewTableAsync(azurite);
        await table.AddEntityAsync(new TableEntity("p", "update") { ["V"] = 1, ["Keep"] = true });
        await table.AddEntityAsync(new TableEntity("p", "delete"));
        TableEntity current = (await table.GetEntityAsync<TableEntity>("p", "update")).Value;

        await table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.UpsertReplace, new TableEntity("p", "new") { ["V"] = 1 }),
            new(TableTransactionActionType.UpdateMerge, new TableEntity("p", "update") { ["V"] = 2 }, current.ETag),
            new(TableTransactionActionType.Delete, new TableEntity("p", "delete")),
            new(TableTransactionActionType.UpsertMerge, new TableEntity("p", "merged") { ["V"] = 3 }),
        ]);

        TableEntity updated = (await table.GetEntityAsync<TableEntity>("p", "update")).Value;
        Assert.Equal((2, true), (updated.GetInt32("V"), updated.GetBoolean("Keep")));
        Assert.False((await table.GetEntityIfExistsAsync<TableEntity>("p", "delete")).HasValue);
        Assert.True((await table.GetEntityIfExistsAsync<TableEntity>("p", "new")).HasValue);
        Assert.True((await table.GetEntityIfExistsAsync<TableEntity>("p", "merged")).HasValue);
    }

    [Fact]
    public async Task A_failing_action_applies_nothing_and_the_exception_names_its_index_and_error_code()
    {
        TableClient table = await StorageFactory.NewTableAsync(azurite);
        await table.AddEntityAsync(new TableEntity("p", "exists"));

        var exception = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "a")),
            new(TableTransactionActionType.Add, new TableEntity("p", "b")),
            new(TableTransactionActionType.Add, new TableEntity("p", "exists")),
            new(TableTransactionActionType.Add, new TableEntity("p", "c")),
        ]));

        Assert.Equal(2, exception.FailedTransactionActionIndex);
        Assert.Equal("EntityAlreadyExists", exception.ErrorCode);
        Assert.Equal(409, exception.Status);
        Assert.Contains("action 2", exception.Message, StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync(table));
    }

    [Fact]
    public async Task A_stale_ETag_in_a_transaction_fails_it_with_412_at_that_action()
    {
        TableClient table = await StorageFactory.NewTableAsync(azurite);
        await table.AddEntityAsync(new TableEntity("p", "r") { ["V"] = 1 });
        TableEntity stale = (await table.GetEntityAsync<TableEntity>("p", "r")).Value;
        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["V"] = 2 });

        var exception = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.UpsertMerge, new TableEntity("p", "other")),
            new(TableTransactionActionType.UpdateReplace, new TableEntity("p", "r") { ["V"] = 3 }, stale.ETag),
        ]));

        Assert.Equal(1, exception.FailedTransactionActionIndex);
        Assert.Equal(412, exception.Status);
        Assert.Equal(1, await CountAsync(table));
    }

    [Fact]
    public async Task A_transaction_of_101_actions_is_rejected_before_sending()
    {
        var options = RequestCounter.AddTo(new TableClientOptions(), out RequestCounter counter);
        TableClient table = StorageFactory.Tables(azurite, options).GetTableClient("never");
        var actions = Enumerable.Range(0, 101).Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", $"r{i}")));

        var exception = await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync(actions));

        Assert.Contains("at most 100", exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, counter.Count);
    }

    [Fact]
    public async Task A_transaction_spanning_partitions_or_repeating_an_entity_is_rejected_before_sending()
    {
        var options = RequestCounter.AddTo(new TableClientOptions(), out RequestCounter counter);
        TableClient table = StorageFactory.Tables(azurite, options).GetTableClient("never");

        var partitions = await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p1", "a")),
            new(TableTransactionActionType.Add, new TableEntity("p2", "b")),
        ]));
        var repeated = await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "a")),
            new(TableTransactionActionType.Delete, new TableEntity("p", "a")),
        ]));
        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync([]));

        Assert.Contains("action 1", partitions.Message, StringComparison.Ordinal);
        Assert.Contains("action 1", repeated.Message, StringComparison.Ordinal);
        Assert.Equal(0, counter.Count);
    }

    private static async Task<int> CountAsync(TableClient table)
    {
        int count = 0;
        await foreach (TableEntity entity in table.QueryAsync<TableEntity>())
        {
            count++;
        }

        return count;
    }
}
