using LeadFunctions.Storage.Tables;
using LeadFunctions.Testing.Azurite;

namespace LeadFunctions.Storage.Tests.Tables;

[Collection(AzuriteTests.Name)]
public sealed class TableEntityRoundTripTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Every_property_type_reads_back_with_its_CLR_type_and_value()
    {
        TableClient table = await StorageFactory.NewTableAsync(azurite);
        var when = new DateTimeOffset(2024, 2, 29, 13, 14, 15, TimeSpan.FromHours(2)).AddTicks(1234567);
        var id = Guid.NewGuid();
        var entity = new TableEntity("p", "r")
        {
            ["Text"] = "Zoë – 日本語 – 🙂 <&> \"quoted\" 'single'",
            ["Empty"] = "",
            ["Int32"] = int.MinValue,
            ["Int64"] = long.MaxValue,
            ["SmallInt64"] = 5L,
            ["Double"] = 3.25,
            ["WholeDouble"] = 2.0,
            ["LargeWholeDouble"] = 1e20,
            ["NegativeDouble"] = -0.5,
            ["NaN"] = double.NaN,
            ["Infinity"] = double.PositiveInfinity,
            ["True"] = true,
            ["False"] = false,
            ["When"] = when,
            ["Id"] = id,
            ["Bytes"] = new byte[] { 0, 1, 2, 254, 255 },
            ["EmptyBytes"] = Array.Empty<byte>(),
            ["Null"] = null,
        };

        await table.AddEntityAsync(entity);
        TableEntity read = (await table.GetEntityAsync<TableEntity>("p", "r")).Value;

        Assert.Equal("Zoë – 日本語 – 🙂 <&> \"quoted\" 'single'", read.GetString("Text"));
        Assert.Equal("", read.GetString("Empty"));
        Assert.Equal(int.MinValue, Assert.IsType<int>(read["Int32"]));
        Assert.Equal(long.MaxValue, Assert.IsType<long>(read["Int64"]));
        Assert.Equal(5L, Assert.IsType<long>(read["SmallInt64"]));
        Assert.Equal(3.25, Assert.IsType<double>(read["Double"]));
        Assert.Equal(2.0, Assert.IsType<double>(read["WholeDouble"]));
        Assert.Equal(1e20, Assert.IsType<double>(read["LargeWholeDouble"]));
        Assert.Equal(-0.5, Assert.IsType<double>(read["NegativeDouble"]));
        Assert.True(double.IsNaN(Assert.IsType<double>(read["NaN"])));
        Assert.Equal(double.PositiveInfinity, Assert.IsType<double>(read["Infinity"]));
        Assert.True(Assert.IsType<bool>(read["True"]));
        Assert.False(Assert.IsType<bool>(read["False"]));
        Assert.Equal(when, Assert.IsType<DateTimeOffset>(read["When"]));
        Assert.Equal(TimeSpan.Zero, read.GetDateTimeOffset("When")!.Value.Offset);
        Assert.Equal(id, Assert.IsType<Guid>(read["Id"]));
        Assert.Equal(new byte[] { 0, 1, 2, 254, 255 }, Assert.IsType<byte[]>(read["Bytes"]));
        Assert.False(read.ContainsKey("Null"));
        Assert.Equal("p", read.PartitionKey);
        Assert.Equal("r", read.RowKey);
        Assert.NotNull(read.Timestamp);
        Assert.NotEqual(default, read.ETag);
    }

    [Fact]
    public async Task Typed_getters_return_the_values_and_null_for_missing_properties()
    {
        TableClient table = await StorageFactory.NewTableAsync(azurite);
        var when = DateTimeOffset.UtcNow;
        var id = Guid.NewGuid();
        await table.UpsertEntityAsync(new TableEntity("p", "r")
        {
            ["S"] = "s", ["I"] = 7, ["L"] = 1L << 40, ["D"] = 1.5, ["B"] = true, ["T"] = when, ["G"] = id, ["Bin"] = new byte[] { 9 },
        });

        TableEntity read = (await table.GetEntityAsync<TableEntity>("p", "r")).Value;

        Assert.Equal("s", read.GetString("S"));
        Assert.Equal(7, read.GetInt32("I"));
        Assert.Equal(7L, read.GetInt64("I"));
        Assert.Equal(1L << 40, read.GetInt64("L"));
        Assert.Equal(1.5, read.GetDouble("D"));
        Assert.True(read.GetBoolean("B"));
        Assert.Equal(when, read.GetDateTimeOffset("T"));
        Assert.Equal(when.UtcDateTime, read.GetDateTime("T"));
        Assert.Equal(id, read.GetGuid("G"));
        Assert.Equal(new byte[] { 9 }, read.GetBinary("Bin"));
        Assert.Equal(new byte[] { 9 }, read.GetBinaryData("Bin")!.ToArray());
        Assert.Null(read.GetString("Missing"));
        Assert.Null(read.GetInt32("Missing"));
        Assert.Throws<InvalidOperationException>(() => read.GetInt32("S"));
    }

    [Fact]
    public async Task Select_returns_only_the_named_properties()
    {
        TableClient table = await StorageFactory.NewTableAsync(azurite);
        await table.AddEntityAsync(new TableEntity("p", "r") { ["A"] = 1, ["B"] = 2, ["C"] = 3 });

        TableEntity read = (await table.GetEntityAsync<TableEntity>("p", "r", select: ["A", "C"])).Value;

        Assert.Equal(1, read.GetInt32("A"));
        Assert.Equal(3, read.GetInt32("C"));
        Assert.False(read.ContainsKey("B"));
    }

    [Fact]
    public async Task Unsupported_property_types_are_rejected_before_sending()
    {
        TableClient table = StorageFactory.Tables(azurite).GetTableClient("never");
        var entity = new TableEntity("p", "r") { ["Money"] = 1.5m };

        var exception = await Assert.ThrowsAsync<NotSupportedException>(() => table.AddEntityAsync(entity));

        Assert.Contains("'Money'", exception.Message, StringComparison.Ordinal);
    }
}
