using Azure;
using LeadFunctions.Storage.Tables;
using LeadFunctions.Testing.Azurite;

namespace LeadFunctions.Storage.Tests.Tables;

[Collection(AzuriteTests.Name)]
public sealed class TableClientTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Getting_a_missing_entity_throws_404_ResourceNotFound()
    {
        TableClient table = await StorageFactory.NewTableAsync(azurite);

        var exception = await Assert.ThrowsAsync<RequestFailedException>(() => table.GetEntityAsync<TableEntity>("p", "missing"));

        Assert.Equal(404, exception.Status);
        Assert.Equal("ResourceNotFound", exception.ErrorCode);
        Assert.Contains("Status: 404", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetEntityIfExists_returns_no_value_for_a_missing_entity_and_the_entity_otherwise()
    {
        TableClient table = await StorageFactory.NewTableAsync(azurite);
        await table.AddEntityAsync(new TableEntity("p", "present") { ["V"] = 1 });

        NullableResponse<TableEntity> missing = await table.GetEntityIfExistsAsync<TableEntity>("p", "missing");
        NullableResponse<TableEntity> present = await table.GetEntityIfExistsAsync<TableEntity>("p", "present");

        Assert.False(missing.HasValue);
        Assert.Equal(404, missing.GetRawResponse().Status);
        Assert.True(present.HasValue);
        Assert.Equal(1, present.Value!.GetInt32("V"));
    }

    [Fact]
    public async Task Adding_the_same_entity_twice_throws_409_EntityAlreadyExists()
    {
        TableClient table = await StorageFactory.NewTableAsync(azurite);
        await table.AddEntityAsync(new TableEntity("p", "r"));

        var exception = await Assert.ThrowsAsync<RequestFailedException>(() => table.AddEntityAsync(new TableEntity("p", "r")));

        Assert.Equal(409, exception.Status);
        Assert.Equal("EntityAlreadyExists", exception.ErrorCode);
    }

    [Fact]
    public async Task Updating_with_a_stale_ETag_throws_412_UpdateConditionNotSatisfied()
    {
        TableClient table = await StorageFactory.NewTableAsync(azurite);
        await table.AddEntityAsync(new TableEntity("p", "r") { ["V"] = 1 });
        TableEntity first = (await table.GetEntityAsync<TableEntity>("p", "r")).Value;
        TableEntity second = (await table.GetEntityAsync<TableEntity>("p", "r")).Value;

        first["V"] = 2;
        Response updated = await table.UpdateEntityAsync(first, first.ETag, TableUpdateMode.Replace);
        second["V"] = 3;
        var exception = await Assert.ThrowsAsync<RequestFailedException>(() => table.UpdateEntityAsync(second, second.ETag));

        Assert.Equal(412, exception.Status);
        Assert.Equal("UpdateConditionNotSatisfied", exception.ErrorCode);
        Assert.NotEqual(first.ETag, updated.Headers.ETag);
        Assert.Equal(2, (await table.GetEntityAsync<TableEntity>("p", "r")).Value.GetInt32("V"));
    }

    [Fact]
    public async Task Updating_a_missing_entity_throws_404_and_an_update_needs_an_ETag()
    {
        TableClient table = await StorageFactory.NewTableAsync(azurite);
        var entity = new TableEntity("p", "missing");

        var missing = await Assert.ThrowsAsync<RequestFailedException>(() => table.UpdateEntityAsync(entity, ETag.All));
        await Assert.ThrowsAsync<ArgumentException>(() => table.UpdateEntityAsync(entity, default));

        Assert.Equal(404, missing.Status);
        Assert.Equal("ResourceNotFound", missing.ErrorCode);
    }

    [Fact]
    public async Task Upsert_merge_keeps_stored_properties_and_upsert_replace_drops_them()
    {
        TableClient table = await StorageFactory.NewTableAsync(azurite);
        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["A"] = 1, ["B"] = 1 });

        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["B"] = 2 }, TableUpdateMode.Merge);
        TableEntity merged = (await table.GetEntityAsync<TableEntity>("p", "r")).Value;
        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["C"] = 3 }, TableUpdateMode.Replace);
        TableEntity replaced = (await table.GetEntityAsync<TableEntity>("p", "r")).Value;

        Assert.Equal((1, 2), (merged.GetInt32("A"), merged.GetInt32("B")));
        Assert.False(replaced.ContainsKey("A"));
        Assert.Equal(3, replaced.GetInt32("C"));
    }

    [Fact]
    public async Task Deleting_honours_the_ETag_and_a_missing_entity_is_not_an_error()
    {
        TableClient table = await StorageFactory.NewTableAsync(azurite);
        await table.AddEntityAsync(new TableEntity("p", "r"));
        TableEntity stored = (await table.GetEntityAsync<TableEntity>("p", "r")).Value;
        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["V"] = 1 });

        var stale = await Assert.ThrowsAsync<RequestFailedException>(() => table.DeleteEntityAsync("p", "r", stored.ETag));
        Response deleted = await table.DeleteEntityAsync("p", "r");
        Response again = await table.DeleteEntityAsync("p", "r");

        Assert.Equal(412, stale.Status);
        Assert.Equal(204, deleted.Status);
        Assert.Equal(404, again.Status);
    }

    [Theory]
    [InlineData("x' or PartitionKey ne '")]
    [InlineData("with space & ampersand + plus = equals")]
    [InlineData("percent %20 and % alone")]
    [InlineData("Zoë 日本語 🙂")]
    [InlineData("''")]
    [InlineData("")]
    public async Task Keys_with_quotes_spaces_and_unicode_address_the_right_entity(string key)
    {
        TableClient table = await StorageFactory.NewTableAsync(azurite);

        await table.UpsertEntityAsync(new TableEntity(key, key) { ["V"] = 1 });
        await table.UpsertEntityAsync(new TableEntity(key, key) { ["V"] = 2 }, TableUpdateMode.Replace);
        TableEntity read = (await table.GetEntityAsync<TableEntity>(key, key)).Value;
        Response deleted = await table.DeleteEntityAsync(key, key, read.ETag);

        Assert.Equal((key, key, 2), (read.PartitionKey, read.RowKey, read.GetInt32("V")));
        Assert.Equal(204, deleted.Status);
    }

    [Fact]
    public async Task A_table_is_created_once_and_deleting_it_twice_is_not_an_error()
    {
        TableServiceClient service = StorageFactory.Tables(azurite);
        string name = StorageFactory.TableName();

        Response<TableItem> created = await service.CreateTableIfNotExistsAsync(name);
        Response<TableItem> existing = await service.CreateTableIfNotExistsAsync(name);
        Response deleted = await service.DeleteTableAsync(name);
        Response missing = await service.DeleteTableAsync(name);
        var queryMissing = await Assert.ThrowsAsync<RequestFailedException>(async () =>
        {
            await foreach (TableEntity entity in service.GetTableClient(name).QueryAsync<TableEntity>())
            {
            }
        });

        Assert.Equal(name, created.Value.Name);
        Assert.Equal(204, created.GetRawResponse().Status);
        Assert.Equal(409, existing.GetRawResponse().Status);
        Assert.Equal(204, deleted.Status);
        Assert.Equal(404, missing.Status);
        Assert.Equal(404, queryMissing.Status);
    }

    [Fact]
    public async Task An_entity_without_keys_is_rejected_before_sending()
    {
        TableClient table = StorageFactory.Tables(azurite).GetTableClient("never");

        await Assert.ThrowsAsync<ArgumentException>(() => table.AddEntityAsync(new TableEntity { ["V"] = 1 }));
    }
}
