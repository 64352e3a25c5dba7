using LeadFunctions.Storage.Tables;

namespace LeadFunctions.Storage.Tests.Tables;

public sealed class TableQueryFilterTests
{
    [Fact]
    public void Strings_are_quoted_with_single_quotes_doubled()
    {
        string value = "O'Brien' or '1' eq '1";

        Assert.Equal("Name eq 'O''Brien'' or ''1'' eq ''1'", TableClient.CreateQueryFilter($"Name eq {value}"));
    }

    [Fact]
    public void Typed_values_become_their_OData_literals()
    {
        var when = new DateTimeOffset(2024, 5, 6, 9, 8, 7, TimeSpan.FromHours(2)).AddTicks(5);
        var id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

        string filter = TableClient.CreateQueryFilter(
            $"A eq {42} and B eq {42L} and C eq {true} and D eq {false} and E eq {2.5} and F eq {3.0} and G eq {when} and H eq {id} and I eq {new byte[] { 0xAB, 0x01 }} and J eq {(string?)null}");

        Assert.Equal(
            "A eq 42 and B eq 42L and C eq true and D eq false and E eq 2.5 and F eq 3.0 and G eq datetime'2024-05-06T07:08:07.0000005Z' " +
            "and H eq guid'0f8fad5b-d9cb-469f-a165-70867728950e' and I eq X'ab01' and J eq null",
            filter);
    }

    [Fact]
    public void Literal_braces_in_the_template_survive_and_unsupported_arguments_are_rejected()
    {
        Assert.Equal("A eq '{x}'", TableClient.CreateQueryFilter($"A eq {"{x}"}"));
        Assert.Throws<ArgumentException>(() => TableClient.CreateQueryFilter($"A eq {1.5m}"));
        Assert.Throws<ArgumentException>(() => TableClient.CreateQueryFilter($"A eq {double.NaN}"));
    }
}
