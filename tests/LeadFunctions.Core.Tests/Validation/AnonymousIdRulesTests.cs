using LeadFunctions.Validation;

namespace LeadFunctions.Core.Tests.Validation;

public sealed class AnonymousIdRulesTests
{
    [Theory]
    [InlineData("507f191e810c19729de860ea", "507f191e810c19729de860ea")]
    [InlineData("  23adfd82-aa0f-45a7-a756-24f2a7a4c895\t", "23adfd82-aa0f-45a7-a756-24f2a7a4c895")]
    [InlineData("x' or PartitionKey ne '", "x' or PartitionKey ne '")]
    public void Keeps_an_id_as_given_without_surrounding_white_space(string text, string expected)
    {
        Assert.Equal(expected, AnonymousIdRules.Normalize(text, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_blank_id_is_no_id(string? text)
    {
        Assert.Null(AnonymousIdRules.Normalize(text, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData(129, "")]
    [InlineData(3, "\u0000")]
    [InlineData(3, "\n")]
    [InlineData(3, "\u007f")]
    [InlineData(3, "\u009b")]
    public void Refuses_an_id_over_128_characters_or_with_a_control_character(int length, string inside)
    {
        var text = new string('a', length) + inside + "b";

        Assert.Null(AnonymousIdRules.Normalize(text, out var problem));
        Assert.Equal("must be 1-128 characters without control characters", problem);
    }

    [Fact]
    public void Accepts_exactly_128_characters()
    {
        Assert.Equal(128, AnonymousIdRules.Normalize(new string('a', 128), out _)!.Length);
    }
}
