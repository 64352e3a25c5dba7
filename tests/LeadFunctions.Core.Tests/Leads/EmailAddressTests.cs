using LeadFunctions.Leads;

namespace LeadFunctions.Core.Tests.Leads;

public sealed class EmailAddressTests
{
    [Theory]
    [InlineData("  Ada.Lovelace@Example.COM ", "ada.lovelace@example.com")]
    [InlineData("o'brien+leads@sub.example.co.uk", "o'brien+leads@sub.example.co.uk")]
    public void Normalizes_case_and_whitespace(string input, string expected)
    {
        Assert.True(EmailAddress.TryNormalize(input, out var normalized, out _));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("no-at-sign")]
    [InlineData("@example.com")]
    [InlineData("a@")]
    [InlineData("a@b")]
    [InlineData("a@.example.com")]
    [InlineData("a@example..com")]
    [InlineData("a b@example.com")]
    [InlineData("a@b@example.com")]
    [InlineData("x' or PartitionKey ne '@example.com")]
    [InlineData("a\u0000b@example.com")]
    [InlineData("<script>@example.com")]
    public void Rejects_what_is_not_an_address(string? input)
    {
        Assert.False(EmailAddress.TryNormalize(input, out _, out var problem));
        Assert.False(string.IsNullOrEmpty(problem));
    }

    [Fact]
    public void Rejects_absurdly_long_input()
    {
        var huge = new string('a', 10_000_000) + "@example.com";

        Assert.False(EmailAddress.TryNormalize(huge, out _, out var problem));
        Assert.Contains("254", problem, StringComparison.Ordinal);
    }
}
