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

    [Theory]
    [InlineData(null, "is required")]
    [InlineData(" \t ", "is required")]
    [InlineData("no-at-sign", "is not an email address")]
    [InlineData("@example.com", "is not an email address")]
    [InlineData("a@", "is not an email address")]
    [InlineData("a@b@example.com", "is not an email address")]
    [InlineData("a@b", "has no valid domain")]
    [InlineData("a@.example.com", "has no valid domain")]
    [InlineData("a@example.com.", "has no valid domain")]
    [InlineData("a@example..com", "has no valid domain")]
    [InlineData("a b@example", "has no valid domain")]
    [InlineData("a b@example.com", "contains characters an email address cannot have")]
    [InlineData("a@exam\\ple.com", "contains characters an email address cannot have")]
    [InlineData("a\u0000b@example.com", "contains characters an email address cannot have")]
    public void Names_the_first_problem_it_finds(string? input, string expected)
    {
        Assert.False(EmailAddress.TryNormalize(input, out var normalized, out var problem));
        Assert.Equal(expected, problem);
        Assert.Equal(string.Empty, normalized);
    }

    [Fact]
    public void Accepts_a_local_part_of_64_characters_but_not_65()
    {
        Assert.True(EmailAddress.TryNormalize(new string('a', 64) + "@example.com", out _, out var accepted));
        Assert.Null(accepted);
        Assert.False(EmailAddress.TryNormalize(new string('a', 65) + "@example.com", out _, out var problem));
        Assert.Equal("is not an email address", problem);
    }

    [Fact]
    public void Accepts_254_characters_after_trimming_but_not_255()
    {
        var longest = new string('a', 64) + "@" + new string('d', 185) + ".com";

        Assert.True(EmailAddress.TryNormalize("  " + longest + "  ", out var normalized, out _));
        Assert.Equal(longest, normalized);
        Assert.False(EmailAddress.TryNormalize(longest + "m", out _, out var problem));
        Assert.Equal("must be at most 254 characters", problem);
    }
}
