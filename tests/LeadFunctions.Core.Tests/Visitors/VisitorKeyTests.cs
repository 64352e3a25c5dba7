using LeadFunctions.Visitors;

namespace LeadFunctions.Core.Tests.Visitors;

public sealed class VisitorKeyTests
{
    [Fact]
    public void The_same_id_is_always_the_same_key_and_the_key_never_shows_the_id()
    {
        var key = VisitorKey.Of("507f191e810c19729de860ea");

        Assert.Equal(key, VisitorKey.Of("507f191e810c19729de860ea"));
        Assert.NotEqual(key, VisitorKey.Of("507f191e810c19729de860eb"));
        Assert.Matches("^[0-9a-f]{64}$", key.Value);
        Assert.DoesNotContain("507f191e", key.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x' or PartitionKey ne '")]
    [InlineData("ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789")]
    [InlineData("abc")]
    [InlineData(null)]
    public void Reads_back_only_keys_it_could_have_made(string? stored)
    {
        Assert.False(VisitorKey.TryParse(stored, out _));
        Assert.True(VisitorKey.TryParse(VisitorKey.Of("a").Value, out var parsed));
        Assert.Equal(VisitorKey.Of("a"), parsed);
    }
}
