using LeadFunctions.Email;

namespace LeadFunctions.Email.Tests;

public sealed class MailTextTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \r\n\t ")]
    [InlineData("\u202E\u2028\u0000")]
    public void Is_null_for_a_missing_blank_or_only_unsafe_value(string? value)
    {
        Assert.Null(MailText.OneLine(value));
    }

    [Theory]
    [InlineData("Northwind", "Northwind")]
    [InlineData("  a \r\n b\u202Ec\t ", "a b c")]
    [InlineData("line\u2028separator\u2029paragraph\u0085next", "line separator paragraph next")]
    [InlineData("\u2066isolate\u2069 and \u202Aembedding\u202C", "isolate and embedding")]
    [InlineData("tab\t\t\tthen  many   spaces", "tab then many spaces")]
    public void Replaces_line_breaks_controls_and_direction_marks_by_single_spaces(string value, string expected)
    {
        Assert.Equal(expected, MailText.OneLine(value));
    }

    [Fact]
    public void Keeps_a_value_of_exactly_the_maximum_length()
    {
        Assert.Equal("0123456789", MailText.OneLine("0123456789", maxLength: 10));
    }

    [Fact]
    public void Cuts_a_longer_value_to_the_maximum_length_ending_in_an_ellipsis()
    {
        Assert.Equal("012345678…", MailText.OneLine("0123456789X", maxLength: 10));
    }

    [Fact]
    public void Measures_the_length_after_collapsing_spaces()
    {
        Assert.Equal("a b", MailText.OneLine("a" + new string(' ', 500) + "b", maxLength: 3));
    }

    [Fact]
    public void Never_cuts_a_surrogate_pair_in_half()
    {
        Assert.Equal("01234567…", MailText.OneLine("01234567\U0001F600yz", maxLength: 10));
        Assert.Equal("0123456\U0001F600…", MailText.OneLine("0123456\U0001F600yz", maxLength: 10));
    }

    [Fact]
    public void Cuts_at_200_characters_by_default()
    {
        Assert.Equal(new string('x', 199) + "…", MailText.OneLine(new string('x', 1_000)));
        Assert.Equal(new string('x', 200), MailText.OneLine(new string('x', 200)));
    }
}
